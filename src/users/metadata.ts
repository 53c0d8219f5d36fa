/**
 * User metadata (rest-api.md §6.4): three JSON objects per user, `public` (visible to the user and to JWT
 * templates), `private` (admin only) and `unsafe` (the user may write it). They are stored as compact JSON,
 * each at most METADATA_LIMIT characters, counted in Unicode code points (an emoji is one character).
 * Changes are RFC 7396 JSON merge patches: `null` removes a key, objects merge recursively, anything else
 * replaces. An empty object is stored as NULL.
 *
 * Used by the admin API and by the profile flow's `patch_metadata` action.
 */

export const METADATA_LIMIT = 3000;
export const METADATA_KINDS = ['public', 'private', 'unsafe'] as const;
export type MetadataKind = (typeof METADATA_KINDS)[number];

export type JsonObject = { [key: string]: unknown };
export type MetadataDocs = Record<MetadataKind, JsonObject | null>;

const isPlainObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * RFC 7396 merge patch. Never mutates its inputs. Results are null-prototype objects, so keys such as
 * `__proto__` are plain data.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: JsonObject = Object.assign(Object.create(null), isPlainObject(target) ? target : {});
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Number of Unicode code points (not UTF-16 units) in a string. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The stored form of a document: compact JSON, or null for a missing or empty object. */
export function toStored(doc: JsonObject | null): string | null {
  if (!doc || Object.keys(doc).length === 0) return null;
  return JSON.stringify(doc);
}

/** Parses a stored document; anything that is not a JSON object counts as empty. */
export function fromStored(text: string | null | undefined): JsonObject | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) && Object.keys(v).length > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Applies a merge patch to one document. */
export function patchDocument(current: JsonObject | null, patch: JsonObject | null): JsonObject | null {
  const merged = mergePatch(current ?? {}, patch);
  return isPlainObject(merged) && Object.keys(merged).length > 0 ? merged : null;
}

/** The kinds whose stored form is longer than METADATA_LIMIT characters, in the order public, private, unsafe. */
export function kindsOverLimit(docs: Partial<MetadataDocs>): MetadataKind[] {
  return METADATA_KINDS.filter((k) => {
    const stored = toStored(docs[k] ?? null);
    return stored !== null && charCount(stored) > METADATA_LIMIT;
  });
}

/** Upstream's message for documents over the limit. */
export function limitMessage(kinds: MetadataKind[]): string {
  return `metadata limit exceeded: ${kinds.map((k) => `${k} metadata must not exceed ${METADATA_LIMIT} characters`).join(', ')}`;
}

export class MetadataPatchError extends Error {}

/** A patch of the three documents; an absent kind is left alone, `null` clears it. */
export type MetadataPatch = Partial<Record<MetadataKind, JsonObject | null>>;

/**
 * Reads an admin metadata patch body: the JSON `null` clears all three documents; otherwise an object whose
 * `public_metadata`, `private_metadata` and `unsafe_metadata` must each be an object or null (other keys are
 * ignored, and an empty object changes nothing). Throws MetadataPatchError with upstream's message.
 */
export function parseMetadataPatch(body: unknown): MetadataPatch {
  if (body === null) return { public: null, private: null, unsafe: null };
  if (!isPlainObject(body)) throw new MetadataPatchError('patch metadata must be null or object');
  const patch: MetadataPatch = {};
  for (const kind of METADATA_KINDS) {
    const key = `${kind}_metadata`;
    if (!Object.hasOwn(body, key)) continue;
    const value = body[key];
    if (value !== null && !isPlainObject(value))
      throw new MetadataPatchError(`${key} must be an object or null`);
    if (value !== null && Object.keys(value).length === 0) continue;
    patch[kind] = value;
  }
  return patch;
}

/** Applies a patch to all three documents (a `null` kind clears that document). */
export function applyMetadataPatch(current: MetadataDocs, patch: MetadataPatch): MetadataDocs {
  const next = { ...current };
  for (const kind of METADATA_KINDS) {
    if (!(kind in patch)) continue;
    const p = patch[kind];
    next[kind] = p === null || p === undefined ? null : patchDocument(current[kind], p);
  }
  return next;
}

/** The API shape: `{public_metadata?, private_metadata?, unsafe_metadata?}`, or null when all are empty. */
export function metadataView(docs: Partial<MetadataDocs>): Record<string, JsonObject> | null {
  const out: Record<string, JsonObject> = {};
  for (const kind of METADATA_KINDS) {
    const doc = docs[kind];
    if (doc && Object.keys(doc).length > 0) out[`${kind}_metadata`] = doc;
  }
  return Object.keys(out).length > 0 ? out : null;
}

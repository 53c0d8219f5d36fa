import type { JWTPayload } from 'jose';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** What Go prints for an unset time. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** RFC 3339 in UTC with the fraction trimmed like Go prints it (`…:15Z`, `…:15.5Z`). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.(\d*?)0+Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}

/** Claims that cannot be turned into the API's claims object (answered with 400 by the validate endpoints). */
export class ClaimsError extends Error {
  override name = 'ClaimsError';
}

const REGISTERED = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'email',
  'username',
  'session_id',
]);

const numericDate = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? rfc3339(new Date(v * 1000)) : undefined;

function emailClaim(v: unknown): { address: string; is_primary: boolean; is_verified: boolean } {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ClaimsError("unexpected 'email' claim type");
  const e = v as Record<string, unknown>;
  const str = (k: string) => {
    if (e[k] === undefined || e[k] === null) return '';
    if (typeof e[k] !== 'string')
      throw new ClaimsError(`failed to unmarshal 'email' claim: ${k} is not a string`);
    return e[k] as string;
  };
  const bool = (k: string) => {
    if (e[k] === undefined || e[k] === null) return false;
    if (typeof e[k] !== 'boolean')
      throw new ClaimsError(`failed to unmarshal 'email' claim: ${k} is not a boolean`);
    return e[k] as boolean;
  };
  return { address: str('address'), is_primary: bool('is_primary'), is_verified: bool('is_verified') };
}

/**
 * The claims object of `/sessions/validate` and of flow payloads (flow-api.md §7.3): standard claims under
 * readable names, every other private claim (`amr`, template claims) copied to the top level. Keys come out
 * sorted, as upstream's JSON encoder sorts map keys. Throws `ClaimsError` for a `sub` or `session_id` that is
 * not a UUID or an `email` claim of the wrong shape.
 */
export function claimsResponse(payload: JWTPayload): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sub = payload.sub;
  if (sub !== undefined && sub !== '' && !isUuid(sub)) throw new ClaimsError("'subject' is not a uuid");
  out.subject = sub ? sub.toLowerCase() : NIL_UUID;
  const sid = payload.session_id;
  if (sid !== undefined && !isUuid(sid)) throw new ClaimsError("'session_id' is not a uuid");
  out.session_id = sid ? sid.toLowerCase() : NIL_UUID;
  out.expiration = numericDate(payload.exp) ?? ZERO_TIME;
  const iat = numericDate(payload.iat);
  if (iat) out.issued_at = iat;
  const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  if (aud.length > 0) out.audience = aud;
  if (typeof payload.iss === 'string' && payload.iss !== '') out.issuer = payload.iss;
  if (payload.email !== undefined) out.email = emailClaim(payload.email);
  if (typeof payload.username === 'string') out.username = payload.username;
  for (const [k, v] of Object.entries(payload)) if (!REGISTERED.has(k)) out[k] = v;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * How Go values are represented while a template runs:
 *
 * - `undefined`: the invalid reflect.Value (a missing map key; prints as `<no value>`);
 * - `null`: an untyped nil (nil interface);
 * - `NilPointer`: a typed nil pointer (prints as `<nil>`; field access fails);
 * - boolean, string; `bigint` is Go `int`, `number` is `float64` (as decoded JSON numbers are);
 * - arrays are slices; plain objects and `Map`s are maps (iterated in sorted key order);
 * - instances of `GoStruct` subclasses are pointers to structs: exported (capitalised) own properties are
 *   fields, capitalised prototype methods are methods;
 * - functions are func values (only callable through `call`).
 */

export abstract class GoStruct {
  /** The Go type name shown in messages. */
  static goType = 'struct';
  /** Marks instances as Go struct values (see the module comment). */
  protected readonly isGoStruct = true;
}

type StructClass = abstract new (...args: never[]) => GoStruct;

export class NilPointer {
  constructor(
    readonly goType: string,
    readonly struct?: StructClass & { nilString?: string },
  ) {}
}

export type Kind =
  | 'invalid'
  | 'nil'
  | 'nilptr'
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'func';

export type GoMap = Record<string, unknown> | Map<unknown, unknown>;

export function isMap(v: unknown): v is GoMap {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function kindOf(v: unknown): Kind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  if (v instanceof NilPointer) return 'nilptr';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
  }
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoStruct) return 'struct';
  if (isMap(v)) return 'map';
  return 'struct';
}

export function typeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return '<nil>';
    case 'nilptr':
      return (v as NilPointer).goType;
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'string':
      return 'string';
    case 'func':
      return 'func(...) interface {}';
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return `*${(v as { constructor: { goType?: string; name: string } }).constructor.goType ?? 'struct'}`;
  }
}

/** Go's truth for if/with/and/or/not: empty values are false, structs are true. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
    case 'nilptr':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
      return v !== 0n;
    case 'float':
      return v !== 0;
    case 'string':
      return (v as string).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return mapSize(v as GoMap) > 0;
    default:
      return true;
  }
}

export const mapSize = (m: GoMap) => (m instanceof Map ? m.size : Object.keys(m).length);

/** The value stored under `key`, or undefined when absent. */
export function mapGet(m: GoMap, key: unknown): unknown {
  if (m instanceof Map) return m.get(key);
  return typeof key === 'string' && Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Map entries ordered as Go's fmtsort orders keys (numbers numerically, strings by bytes, false < true). */
export function sortedEntries(m: GoMap): Array<[unknown, unknown]> {
  const entries: Array<[unknown, unknown]> = m instanceof Map ? [...m.entries()] : Object.entries(m);
  return entries.sort(([a], [b]) => compareKeys(a, b));
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** A struct's method (capitalised name on the prototype chain), bound to the receiver. */
export function structMethod(s: GoStruct, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (!/^\p{Lu}/u.test(name) || Object.hasOwn(s, name)) return undefined;
  const m = (s as unknown as Record<string, unknown>)[name];
  if (typeof m !== 'function') return undefined;
  const sig = (m as { goSignature?: unknown }).goSignature;
  return Object.assign((m as (...a: unknown[]) => unknown).bind(s), sig ? { goSignature: sig } : {});
}

/** Whether the struct has an exported field `name`. */
export function hasField(s: GoStruct, name: string): boolean {
  return /^\p{Lu}/u.test(name) && Object.hasOwn(s, name);
}

/** Exported fields in declaration order. */
export function structFields(s: GoStruct): Array<[string, unknown]> {
  return Object.entries(s).filter(([k]) => /^\p{Lu}/u.test(k));
}

/** Go string comparison is bytewise (UTF-8). */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

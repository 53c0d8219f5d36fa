/**
 * Scanning raw JSON text without building a tree: where a value ends, iterating the members of an object or
 * the elements of an array, unescaping strings. Tolerant of malformed input, as GJSON is.
 */

export const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** End (exclusive) of the string starting at the quote at `i`, and whether it contains escapes. */
export function stringEnd(json: string, i: number): { end: number; escaped: boolean } {
  let escaped = false;
  for (let j = i + 1; j < json.length; j++) {
    const c = json[j];
    if (c === '\\') {
      escaped = true;
      j++;
    } else if (c === '"') return { end: j + 1, escaped };
  }
  return { end: json.length, escaped };
}

/** End of the object/array starting at `i`, skipping nested values and strings (parseSquash). */
export function squashEnd(json: string, i: number): number {
  let depth = 0;
  for (let j = i; j < json.length; j++) {
    const c = json[j];
    if (c === '"') j = stringEnd(json, j).end - 1;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return json.length;
}

/** End of a number or literal: up to whitespace, `,`, `]`, `}` (or `:` for numbers). */
export function tokenEnd(json: string, i: number): number {
  let j = i + 1;
  while (j < json.length && !isWs(json[j]) && !',]}:'.includes(json[j]!)) j++;
  return j;
}

export type RawType = 'string' | 'number' | 'true' | 'false' | 'null' | 'object' | 'array';

export interface RawValue {
  type: RawType;
  start: number;
  end: number;
}

/** The value starting at or after `i` (skipping whitespace), or null at the end. */
export function valueAt(json: string, i: number): RawValue | null {
  let j = i;
  while (j < json.length && isWs(json[j])) j++;
  const c = json[j];
  if (c === undefined) return null;
  if (c === '"') return { type: 'string', start: j, end: stringEnd(json, j).end };
  if (c === '{') return { type: 'object', start: j, end: squashEnd(json, j) };
  if (c === '[') return { type: 'array', start: j, end: squashEnd(json, j) };
  if (c === 't' || c === 'f' || (c === 'n' && json[j + 1] === 'u')) {
    return { type: c === 't' ? 'true' : c === 'f' ? 'false' : 'null', start: j, end: tokenEnd(json, j) };
  }
  return { type: 'number', start: j, end: tokenEnd(json, j) };
}

export interface Member {
  /** Raw key including quotes. */
  keyRaw: string;
  key: string;
  value: RawValue;
}

/** The members of the object whose `{` is at `start`. */
export function members(json: string, start: number): Member[] {
  const out: Member[] = [];
  let i = start + 1;
  for (;;) {
    while (i < json.length && json[i] !== '"' && json[i] !== '}') i++;
    if (i >= json.length || json[i] === '}') return out;
    const { end, escaped } = stringEnd(json, i);
    const keyRaw = json.slice(i, end);
    const key = escaped ? unescapeJson(keyRaw.slice(1, -1)) : keyRaw.slice(1, -1);
    i = end;
    while (i < json.length && (isWs(json[i]) || json[i] === ':')) i++;
    const value = valueAt(json, i);
    if (!value) return out;
    out.push({ keyRaw, key, value });
    i = value.end;
    while (i < json.length && (isWs(json[i]) || json[i] === ',')) i++;
  }
}

/** The elements of the array whose `[` is at `start`. */
export function elements(json: string, start: number): RawValue[] {
  const out: RawValue[] = [];
  let i = start + 1;
  for (;;) {
    while (i < json.length && (isWs(json[i]) || json[i] === ',')) i++;
    if (i >= json.length || json[i] === ']') return out;
    const v = valueAt(json, i);
    if (!v) return out;
    out.push(v);
    i = v.end;
  }
}

/** Decodes the escapes of a JSON string body. */
export function unescapeJson(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      out += { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e] ?? e;
    }
  }
  return out;
}

/** A JSON string literal for s, escaping like Go's gjson.AppendJSONString (`<`, `>`, `&` as \u00XX). */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

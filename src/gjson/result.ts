/**
 * A GJSON result: the JSON type, the raw JSON text of the value and, for strings and numbers, the decoded
 * value. `toString()` follows gjson's Result.String(): strings decoded, objects/arrays as raw JSON, numbers as
 * written (integers) or in shortest decimal form, missing values and null as "".
 */
import { formatFloat } from '../template/fmt/float.ts';
import { elements, isWs, members, type RawValue, stringEnd, unescapeJson } from './scan.ts';

export type ResultType = 'Null' | 'False' | 'Number' | 'String' | 'True' | 'JSON';

export class Result {
  constructor(
    /** Null also for a missing value; `exists()` tells them apart. */
    readonly type: ResultType = 'Null',
    readonly raw: string = '',
    readonly str: string = '',
    readonly num: number = 0,
  ) {}

  exists(): boolean {
    return this.type !== 'Null' || this.raw.length > 0;
  }

  toString(): string {
    switch (this.type) {
      case 'False':
        return 'false';
      case 'True':
        return 'true';
      case 'String':
        return this.str;
      case 'JSON':
        return this.raw;
      case 'Number':
        if (/^-?[0-9]+$/.test(this.raw)) return this.raw;
        return formatFloat(this.num, 'f', -1);
      default:
        return '';
    }
  }

  bool(): boolean {
    switch (this.type) {
      case 'True':
        return true;
      case 'String':
        return ['1', 't', 'true'].includes(this.str.toLowerCase());
      case 'Number':
        return this.num !== 0;
      default:
        return false;
    }
  }

  int(): number {
    if (this.type === 'True') return 1;
    if (this.type === 'String') return Math.trunc(Number.parseFloat(this.str)) || 0;
    if (this.type === 'Number') return Math.trunc(this.num);
    return 0;
  }

  isObject(): boolean {
    return this.type === 'JSON' && this.raw.trimStart().startsWith('{');
  }
  isArray(): boolean {
    return this.type === 'JSON' && this.raw.trimStart().startsWith('[');
  }

  /** Members (key results) of an object or elements of an array; a scalar yields itself once. */
  entries(): Array<[Result, Result]> {
    if (!this.exists()) return [];
    if (this.type !== 'JSON') return [[new Result(), this]];
    let i = 0;
    while (i < this.raw.length && isWs(this.raw[i])) i++;
    if (this.raw[i] === '{') {
      return members(this.raw, i).map((m) => [
        new Result('String', m.keyRaw, m.key),
        fromRaw(this.raw, m.value),
      ]);
    }
    if (this.raw[i] === '[') {
      return elements(this.raw, i).map((e, k) => [new Result('Number', '', '', k), fromRaw(this.raw, e)]);
    }
    return [];
  }
}

export const EMPTY = new Result();

/** The result for a value found while scanning `json`. */
export function fromRaw(json: string, v: RawValue): Result {
  const raw = json.slice(v.start, v.end);
  switch (v.type) {
    case 'string': {
      const body = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
      return new Result('String', raw, body.includes('\\') ? unescapeJson(body) : body);
    }
    case 'number':
      return new Result('Number', raw, '', Number.parseFloat(raw));
    case 'true':
      return new Result('True', raw);
    case 'false':
      return new Result('False', raw);
    case 'null':
      return new Result('Null', raw);
    default:
      return new Result('JSON', raw);
  }
}

/** gjson.Parse: the first value of json (objects and arrays keep the rest of the text as raw). */
export function parse(json: string): Result {
  let i = 0;
  while (i < json.length && json.charCodeAt(i) <= 32) i++;
  const c = json[i];
  if (c === undefined) return EMPTY;
  if (c === '{' || c === '[') return new Result('JSON', json.slice(i));
  if (c === '"') {
    const { end } = stringEnd(json, i);
    const raw = json.slice(i, end);
    return new Result('String', raw, unescapeJson(raw.slice(1, raw.endsWith('"') ? -1 : undefined)));
  }
  if ('+-0123456789iIN'.includes(c) || (c === 'n' && json[i + 1] !== 'u')) {
    let j = i + 1;
    while (j < json.length && !(json.charCodeAt(j) <= 32 || ',]}'.includes(json[j]!))) j++;
    const raw = json.slice(i, j);
    return new Result('Number', raw, '', Number.parseFloat(raw));
  }
  if (c === 't' || c === 'f' || c === 'n') {
    let j = i + 1;
    while (j < json.length && json[j]! >= 'a' && json[j]! <= 'z') j++;
    const raw = json.slice(i, j);
    return new Result(c === 't' ? 'True' : c === 'f' ? 'False' : 'Null', raw);
  }
  return EMPTY;
}

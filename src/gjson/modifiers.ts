/** The built-in modifiers (`@reverse`, `@ugly`, …): each maps the current JSON text (and an argument) to new JSON text. */
import { get } from './get.ts';
import { DEFAULT_PRETTY, pretty, ugly } from './pretty.ts';
import { parse, type Result } from './result.ts';
import { jsonString } from './scan.ts';

type Modifier = (json: string, arg: string) => string;

const unwrap = (json: string) => {
  const t = json.trim();
  return t.length >= 2 && (t[0] === '[' || t[0] === '{') ? t.slice(1, -1) : t;
};

/** Strict JSON validity (gjson.Valid). */
export function valid(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

function option(arg: string, name: string): Result | undefined {
  return parse(arg)
    .entries()
    .find(([k]) => k.toString() === name)?.[1];
}

const cleanWs = (s: string) => s.replace(/[^ \t\n\r]/g, '');

function flatten(json: string, arg: string): string {
  const res = parse(json);
  if (!res.isArray()) return json;
  const deep = option(arg, 'deep')?.bool() ?? false;
  const parts: string[] = [];
  for (const [, v] of res.entries()) {
    let raw = v.isArray() ? unwrap(deep ? flatten(v.raw, arg) : v.raw) : v.raw;
    raw = raw.trim();
    if (raw) parts.push(raw);
  }
  return `[${parts.join(',')}]`;
}

function join(json: string, arg: string): string {
  const res = parse(json);
  if (!res.isArray()) return json;
  const objects = res.entries().filter(([, v]) => v.isObject());
  if (option(arg, 'preserve')?.bool()) return `{${objects.map(([, v]) => unwrap(v.raw)).join(',')}}`;
  const keys: Result[] = [];
  const values = new Map<string, string>();
  for (const [, obj] of objects) {
    for (const [k, v] of obj.entries()) {
      if (!values.has(k.toString())) keys.push(k);
      values.set(k.toString(), v.raw);
    }
  }
  return `{${keys.map((k) => `${k.raw}:${values.get(k.toString())}`).join(',')}}`;
}

function group(json: string): string {
  const res = parse(json);
  if (!res.isObject()) return '';
  const rows: string[][] = [];
  for (const [k, v] of res.entries()) {
    if (!v.isArray()) continue;
    v.entries().forEach(([, item], i) => {
      rows[i] ??= [];
      rows[i]!.push(`${k.raw}:${item.raw}`);
    });
  }
  return `[${rows.map((r) => `{${r.join(',')}}`).join(',')}]`;
}

function dig(json: string, arg: string): string {
  const found: string[] = [];
  const walk = (r: Result) => {
    const hit = get(r.raw, arg);
    if (hit.exists()) found.push(hit.raw);
    if (r.isArray() || r.isObject()) for (const [, v] of r.entries()) walk(v);
  };
  walk(parse(json));
  return `[${found.join(',')}]`;
}

export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map<string, Modifier>([
  [
    'pretty',
    (json, arg) => {
      if (!arg) return pretty(json);
      const o = { ...DEFAULT_PRETTY };
      for (const [k, v] of parse(arg).entries()) {
        const name = k.toString();
        if (name === 'sortKeys') o.sortKeys = v.bool();
        else if (name === 'indent') o.indent = cleanWs(v.toString());
        else if (name === 'prefix') o.prefix = cleanWs(v.toString());
        else if (name === 'width') o.width = v.int();
      }
      return pretty(json, o);
    },
  ],
  ['ugly', (json) => ugly(json)],
  ['this', (json) => json],
  [
    'reverse',
    (json) => {
      const res = parse(json);
      const entries = res.entries().reverse();
      if (res.isArray()) return `[${entries.map(([, v]) => v.raw).join(',')}]`;
      if (res.isObject()) return `{${entries.map(([k, v]) => `${k.raw}:${v.raw}`).join(',')}}`;
      return json;
    },
  ],
  ['flatten', flatten],
  ['join', join],
  ['valid', (json) => (valid(json) ? json : '')],
  [
    'keys',
    (json) => {
      const v = parse(json);
      if (!v.exists()) return '[]';
      return `[${v
        .entries()
        .map(([k]) => (v.isObject() ? k.raw : 'null'))
        .join(',')}]`;
    },
  ],
  [
    'values',
    (json) => {
      const v = parse(json);
      if (!v.exists()) return '[]';
      if (v.isArray()) return json;
      return `[${v
        .entries()
        .map(([, x]) => x.raw)
        .join(',')}]`;
    },
  ],
  ['tostr', (json) => jsonString(json)],
  ['fromstr', (json) => (valid(json) ? parse(json).toString() : '')],
  ['group', (json) => group(json)],
  ['dig', dig],
]);

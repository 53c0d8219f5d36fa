/**
 * JSON reformatting for the @pretty and @ugly modifiers, with the conventions of tidwall/pretty: two-space
 * indent, objects one member per line, arrays on one line (`[1, 2]`) when they hold no object and fit the
 * width (80), optional key sorting and line prefix.
 */
import { elements, isWs, members, type RawValue, stringEnd, valueAt } from './scan.ts';

export interface PrettyOptions {
  width: number;
  prefix: string;
  indent: string;
  sortKeys: boolean;
}

export const DEFAULT_PRETTY: PrettyOptions = { width: 80, prefix: '', indent: '  ', sortKeys: false };

function scalar(json: string, v: RawValue): string {
  if (v.type === 'true') return 'true';
  if (v.type === 'false') return 'false';
  if (v.type === 'null') return 'null';
  return json.slice(v.start, v.end);
}

/** One-line form of an array (null when it contains an object). */
function singleLine(json: string, v: RawValue): string | null {
  if (v.type === 'object') return null;
  if (v.type !== 'array') return scalar(json, v);
  const parts: string[] = [];
  for (const e of elements(json, v.start)) {
    const s = singleLine(json, e);
    if (s === null) return null;
    parts.push(s);
  }
  return `[${parts.join(', ')}]`;
}

function render(json: string, v: RawValue, tabs: number, lineLen: number, o: PrettyOptions): string {
  const pad = (n: number) => o.prefix + o.indent.repeat(n);
  if (v.type === 'array') {
    const max = o.width - lineLen;
    if (o.width > 0 && max > 3) {
      const one = singleLine(json, v);
      if (one !== null && one.length <= max) return one;
    }
    const items = elements(json, v.start);
    if (items.length === 0) return '[]';
    const lines = items.map((e, k) => {
      const start = pad(tabs + 1).length + (k === 0 ? 1 : 0);
      return `\n${pad(tabs + 1)}${render(json, e, tabs + 1, start, o)}`;
    });
    return `[${lines.join(',')}\n${pad(tabs)}]`;
  }
  if (v.type === 'object') {
    const ms = members(json, v.start);
    if (ms.length === 0) return '{}';
    const lines = ms.map((m) => {
      const head = `${pad(tabs + 1)}${m.keyRaw}: `;
      return { key: m.keyRaw.slice(1, -1), text: head + render(json, m.value, tabs + 1, head.length + 1, o) };
    });
    if (o.sortKeys) lines.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    return `{\n${lines.map((l) => l.text).join(',\n')}\n${pad(tabs)}}`;
  }
  return scalar(json, v);
}

export function pretty(json: string, o: PrettyOptions = DEFAULT_PRETTY): string {
  const v = valueAt(json, 0);
  if (!v) return o.prefix ? `${o.prefix}\n` : '';
  return `${o.prefix}${render(json, v, 0, o.prefix.length, o)}\n`;
}

/** Removes all whitespace outside strings. */
export function ugly(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      const { end } = stringEnd(json, i);
      out += json.slice(i, end);
      i = end - 1;
    } else if (!isWs(c) && json.charCodeAt(i) > 32) out += c;
  }
  return out;
}

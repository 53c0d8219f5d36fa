/**
 * gjson.Get: evaluates a GJSON path (SYNTAX.md) against raw JSON text. Supports keys with `*`/`?` wildcards
 * and `\` escapes, array indexes, `#` (length), `#.key` (map over elements), queries `#(…)` / `#(…)#`, the
 * `|` pipe, modifiers `@name[:arg]`, multipaths `[a,b]` / `{a,"k":b}` and literals `!true`, `!"s"`, `!{…}`.
 */
import { MODIFIERS, valid } from './modifiers.ts';
import { arrayComponent, objectComponent, splitPipe } from './path.ts';
import { queryMatches, wildcardMatch } from './query.ts';
import { EMPTY, fromRaw, parse, Result } from './result.ts';
import { elements, jsonString, members, squashEnd, stringEnd } from './scan.ts';
import { isSimpleName, nameOfLast, parseSelectors } from './selectors.ts';

interface Ctx {
  value: Result;
  pipe: string;
  piped: boolean;
}

export function get(json: string, path: string): Result {
  if (path.length > 1) {
    const special = path[0] === '@' ? modifier(json, path) : path[0] === '!' ? literal(path) : null;
    if (special) {
      const rest = special.rest;
      if (rest[0] === '|' || rest[0] === '.') return get(special.json, rest.slice(1));
      return parse(special.json);
    }
    if (path[0] === '[' || path[0] === '{') {
      const multi = multipath(json, path);
      if (multi) return multi;
    }
  }
  const c: Ctx = { value: EMPTY, pipe: '', piped: false };
  for (let i = 0; i < json.length; i++) {
    if (json[i] === '{') {
      stepObject(c, json, i, path);
      break;
    }
    if (json[i] === '[') {
      stepArray(c, json, i, path);
      break;
    }
  }
  return c.piped ? get(c.value.raw, c.pipe) : c.value;
}

function stepObject(c: Ctx, json: string, start: number, path: string): boolean {
  const rp = objectComponent(path);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  for (const m of members(json, start)) {
    const match = rp.wild ? wildcardMatch(m.key, rp.part) : m.key === rp.part;
    if (!match) continue;
    if (!rp.more) {
      c.value = fromRaw(json, m.value);
      return true;
    }
    if (m.value.type === 'object' && stepObject(c, json, m.value.start, rp.rest)) return true;
    if (m.value.type === 'array' && stepArray(c, json, m.value.start, rp.rest)) return true;
  }
  return false;
}

function stepArray(c: Ctx, json: string, start: number, path: string): boolean {
  const rp = arrayComponent(path);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  const items = elements(json, start);
  if (rp.query.on) {
    const all: string[] = [];
    let rest = rp.rest;
    for (const e of items) {
      const el = fromRaw(json, e);
      let probe: Result;
      if (el.type === 'JSON') probe = get(el.raw, rp.query.path);
      else if (rp.query.path !== '') continue;
      else probe = el;
      if (!queryMatches(rp.query, probe)) continue;
      let out = el;
      if (rp.more) {
        const sp = splitPipe(rest);
        if (sp) {
          [rest, c.pipe] = sp;
          c.piped = true;
        }
        out = get(el.raw, rest);
      }
      if (!rp.query.all) {
        c.value = out;
        return true;
      }
      const raw = out.raw || out.toString();
      if (raw) all.push(raw);
    }
    if (!c.value.exists() && (all.length > 0 || rp.query.all))
      c.value = new Result('JSON', `[${all.join(',')}]`);
    return false;
  }
  if (rp.arrch) {
    if (rp.part !== '#') return false;
    if (rp.alog) {
      let key = rp.alogKey;
      const sp = splitPipe(key);
      if (sp) {
        [key, c.pipe] = sp;
        c.piped = true;
      }
      const raws: string[] = [];
      for (const e of items) {
        const r = get(json.slice(e.start, e.end), key);
        if (r.exists()) raws.push(r.raw || r.toString());
      }
      c.value = new Result('JSON', `[${raws.join(',')}]`);
      return true;
    }
    c.value = new Result('Number', String(items.length), '', items.length);
    return true;
  }
  if (!/^[0-9]+$/.test(rp.part)) return false;
  const e = items[Number(rp.part)];
  if (!e) return false;
  if (!rp.more) {
    c.value = fromRaw(json, e);
    return true;
  }
  if (e.type === 'object') return stepObject(c, json, e.start, rp.rest);
  if (e.type === 'array') return stepArray(c, json, e.start, rp.rest);
  return false;
}

/** `@name` or `@name:arg`; null when the name is no modifier (the path is then an ordinary key). */
function modifier(json: string, path: string): { json: string; rest: string } | null {
  let name = path.slice(1);
  let rest = '';
  let hasArg = false;
  for (let i = 1; i < path.length; i++) {
    const ch = path[i];
    if (ch === ':' || ch === '|' || ch === '.') {
      name = path.slice(1, i);
      rest = path.slice(ch === ':' ? i + 1 : i);
      hasArg = ch === ':' && rest.length > 0;
      break;
    }
  }
  const fn = MODIFIERS.get(name);
  if (!fn) return null;
  let arg = '';
  if (hasArg) {
    let parsed = false;
    if ('{["'.includes(rest[0]!) && parse(rest).exists()) {
      const end = rest[0] === '"' ? stringEnd(rest, 0).end : squashEnd(rest, 0);
      arg = rest.slice(0, end);
      rest = rest.slice(end);
      parsed = true;
    }
    if (!parsed) {
      let i = 0;
      for (; i < rest.length && rest[i] !== '|'; i++) {
        if ('{["('.includes(rest[i]!))
          i = (rest[i] === '"' ? stringEnd(rest, i).end : squashEnd(rest, i)) - 1;
      }
      arg = rest.slice(0, i);
      rest = rest.slice(i);
    }
  }
  return { json: fn(json, arg), rest };
}

/** `!true`, `!"text"`, `!{"a":1}`, `!12`: a JSON literal. */
function literal(path: string): { json: string; rest: string } | null {
  const body = path.slice(1);
  const c = body[0]!;
  if ('{['.includes(c)) {
    const end = squashEnd(body, 0);
    return { json: body.slice(0, end), rest: body.slice(end) };
  }
  if ('"+-0123456789'.includes(c)) return { json: body, rest: '' };
  const m = /^[^.|]*/.exec(body)![0];
  if (!['true', 'false', 'null', 'nan', 'inf'].includes(m.toLowerCase())) return null;
  return { json: m, rest: body.slice(m.length) };
}

/** `[p1,p2]` → array of the results; `{p1,"name":p2}` → object (members named after the last component). */
function multipath(json: string, path: string): Result | null {
  const parsed = parseSelectors(path);
  if (!parsed) return null;
  const { sels, rest } = parsed;
  if (rest !== '' && rest[0] !== '|' && rest[0] !== '.') return null;
  const isObject = path[0] === '{';
  const parts: string[] = [];
  for (const sel of sels) {
    const res = get(json, sel.path);
    if (!res.exists()) continue;
    let key = '';
    if (isObject) {
      if (sel.name) key = sel.name[0] === '"' && valid(sel.name) ? sel.name : jsonString(sel.name);
      else {
        const last = nameOfLast(sel.path);
        key = jsonString(isSimpleName(last) ? last : '_');
      }
      key += ':';
    }
    const raw = res.raw || res.toString() || 'null';
    parts.push(key + raw);
  }
  const raw = isObject ? `{${parts.join(',')}}` : `[${parts.join(',')}]`;
  return rest ? get(raw, rest.slice(1)) : new Result('JSON', raw);
}

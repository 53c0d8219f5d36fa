/**
 * GJSON path syntax (SYNTAX.md): splitting a path into its first component and the rest. A component ends
 * at `.` (the rest applies inside the value) or `|` (the rest applies to the result). After `.`, a modifier,
 * `[` or `{` also starts a piped part. `\` escapes the next character.
 */
import { MODIFIER_NAMES } from './modifier-names.ts';
import { squashEnd } from './scan.ts';

export interface Component {
  /** The component text, escapes removed (object keys) or as written (array parts). */
  part: string;
  /** The rest after `.` (applied inside the matched value). */
  rest: string;
  more: boolean;
  /** The rest after `|` (applied to the result). */
  pipe: string;
  piped: boolean;
  wild: boolean;
}

/** `@name` (a known modifier), `[` or `{` right after a dot start a piped part. */
export function startsPipedPart(s: string): boolean {
  const c = s[0];
  if (c === '@') {
    let i = 1;
    while (i < s.length && s[i] !== '.' && s[i] !== '|' && s[i] !== ':') i++;
    return MODIFIER_NAMES.has(s.slice(1, i));
  }
  return c === '[' || c === '{';
}

function split(
  path: string,
  i: number,
  sep: string,
  part: string,
  c: Component,
  allowDotPipe = true,
): Component {
  c.part = part;
  if (sep === '|') {
    c.pipe = path.slice(i + 1);
    c.piped = true;
  } else if (allowDotPipe && i < path.length - 1 && startsPipedPart(path.slice(i + 1))) {
    c.pipe = path.slice(i + 1);
    c.piped = true;
  } else {
    c.rest = path.slice(i + 1);
    c.more = true;
  }
  return c;
}

export function objectComponent(path: string): Component {
  const c: Component = { part: path, rest: '', more: false, pipe: '', piped: false, wild: false };
  let part = '';
  let escaped = false;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '|' || ch === '.') return split(path, i, ch, escaped ? part : path.slice(0, i), c);
    if (ch === '*' || ch === '?') c.wild = true;
    if (ch === '\\') {
      escaped = true;
      i++;
      if (i < path.length) part += path[i];
      continue;
    }
    part += ch;
  }
  c.part = escaped ? part : path;
  return c;
}

export interface Query {
  on: boolean;
  all: boolean;
  path: string;
  op: string;
  value: string;
}

export interface ArrayComponent extends Component {
  /** The component contains `#`. */
  arrch: boolean;
  /** `#.key`: map `key` over the elements. */
  alog: boolean;
  alogKey: string;
  query: Query;
}

export function arrayComponent(path: string): ArrayComponent {
  const c: ArrayComponent = {
    ...{ part: path, rest: '', more: false, pipe: '', piped: false, wild: false },
    ...{
      arrch: false,
      alog: false,
      alogKey: '',
      query: { on: false, all: false, path: '', op: '', value: '' },
    },
  };
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '|' || ch === '.') {
      split(path, i, ch, path.slice(0, i), c, !c.arrch);
      return c;
    }
    if (ch !== '#') continue;
    c.arrch = true;
    if (i !== 0 || path.length < 2) continue;
    if (path[1] === '.') {
      c.alog = true;
      c.alogKey = path.slice(2);
    } else if (path[1] === '(' || path[1] === '[') {
      const q = parseQuery(path);
      if (!q) break;
      let value = q.value;
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1);
        if (q.escaped) value = unescapeQueryValue(value);
      }
      c.query = { on: true, all: path[q.end] === '#', path: q.path, op: q.op, value };
      i = q.end - 1;
    }
  }
  c.part = path;
  c.rest = '';
  return c;
}

function unescapeQueryValue(v: string): string {
  try {
    return JSON.parse(`"${v}"`) as string;
  } catch {
    return v;
  }
}

const trim = (s: string) => s.replace(/^[\0- ]+|[\0- ]+$/g, '');

/** Splits `#(path op value)…` into its parts; `end` is the index after `)`. */
export function parseQuery(
  query: string,
): { path: string; op: string; value: string; end: number; escaped: boolean } | null {
  let i = 2;
  let j = 0;
  let depth = 1;
  let escaped = false;
  for (; i < query.length; i++) {
    const ch = query[i]!;
    if (depth === 1 && j === 0 && '!=<>%'.includes(ch)) {
      j = i;
      continue;
    }
    if (ch === '\\') i++;
    else if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') {
      depth--;
      if (depth === 0) break;
    } else if (ch === '"') {
      for (i++; i < query.length; i++) {
        if (query[i] === '\\') {
          escaped = true;
          i++;
        } else if (query[i] === '"') break;
      }
    }
  }
  if (depth > 0) return null;
  if (j === 0) return { path: trim(query.slice(2, i)), op: '', value: '', end: i + 1, escaped };
  let value = trim(query.slice(j, i));
  let opLen = 1;
  if (value.length > 1 && /^(!=|!%|<=|>=)/.test(value)) opLen = 2;
  else if (value.startsWith('==')) value = value.slice(1);
  return {
    path: trim(query.slice(2, j)),
    op: value.slice(0, opLen),
    value: trim(value.slice(opLen)),
    end: i + 1,
    escaped,
  };
}

/** Splits a path at its first top-level `|` (not inside a query or a leading multipath). */
export function splitPipe(path: string): [string, string] | null {
  if (!path.includes('|')) return null;
  if (path.startsWith('{')) {
    const end = squashEnd(path, 0);
    return end < path.length && path[end] === '|' ? [path.slice(0, end), path.slice(end + 1)] : null;
  }
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') i++;
    else if (ch === '.') {
      if (i === path.length - 1) return null;
      if (path[i + 1] !== '#') continue;
      i += 2;
      if (i === path.length) return null;
      if (path[i] === '(' || path[i] === '[') {
        const open = path[i]!;
        const close = open === '(' ? ')' : ']';
        let depth = 1;
        for (i++; i < path.length; i++) {
          const d = path[i];
          if (d === '\\') i++;
          else if (d === open) depth++;
          else if (d === close) {
            if (--depth === 0) break;
          } else if (d === '"') {
            for (i++; i < path.length && path[i] !== '"'; i++) if (path[i] === '\\') i++;
          }
        }
      }
    } else if (ch === '|') return [path.slice(0, i), path.slice(i + 1)];
  }
  return null;
}

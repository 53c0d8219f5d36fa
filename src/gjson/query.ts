/** Array queries `#(path op value)`: comparisons, `%`/`!%` patterns and `~` truthiness (SYNTAX.md, Queries). */
import type { Query } from './path.ts';
import { Result } from './result.ts';

const MATCH_LIMIT = 10_000;

/**
 * Wildcard match: `*` any run of characters, `?` any one character, `\` escapes. Gives up (no match) after
 * MATCH_LIMIT steps so that hostile patterns cannot run away.
 */
export function wildcardMatch(str: string, pattern: string): boolean {
  const s = [...str];
  const p = [...pattern];
  let steps = 0;
  const rec = (si: number, pi: number): boolean => {
    while (pi < p.length) {
      if (++steps > MATCH_LIMIT) return false;
      const c = p[pi]!;
      if (c === '*') {
        while (p[pi] === '*') pi++;
        if (pi === p.length) return true;
        for (let k = si; k <= s.length; k++) if (rec(k, pi)) return true;
        return false;
      }
      if (si >= s.length) return false;
      if (c === '?') {
        si++;
        pi++;
        continue;
      }
      const lit = c === '\\' && pi + 1 < p.length ? p[++pi]! : c;
      if (s[si] !== lit) return false;
      si++;
      pi++;
    }
    return si === s.length;
  };
  return rec(0, 0);
}

const parseBool = (s: string): boolean | null => {
  const l = s.toLowerCase();
  if (['1', 't', 'true'].includes(l)) return true;
  if (['0', 'f', 'false'].includes(l)) return false;
  return null;
};

function truthy(v: Result, kind: string): boolean {
  switch (kind) {
    case '*':
      return v.exists();
    case 'null':
      return v.type === 'Null';
    case 'true':
      if (v.type === 'True') return true;
      if (v.type === 'String') return parseBool(v.str) === true;
      return v.type === 'Number' && v.num !== 0;
    default:
      if (v.type === 'Null' || v.type === 'False') return true;
      if (v.type === 'String') return parseBool(v.str) === false;
      return v.type === 'Number' && v.num === 0;
  }
}

const cmpBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function queryMatches(q: Query, valueIn: Result): boolean {
  let value = valueIn;
  let rpv = q.value;
  if (rpv.startsWith('~')) {
    const kind = rpv.slice(1);
    if (['*', 'null', 'true', 'false'].includes(kind)) {
      rpv = 'true';
      value = new Result(truthy(value, kind) ? 'True' : 'False', 'x');
    } else {
      rpv = '';
      value = new Result();
    }
  }
  if (!value.exists()) return false;
  if (q.op === '') return true;
  switch (value.type) {
    case 'String': {
      const c = cmpBytes(value.str, rpv);
      switch (q.op) {
        case '=':
          return c === 0;
        case '!=':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
        case '%':
          return wildcardMatch(value.str, rpv);
        case '!%':
          return !wildcardMatch(value.str, rpv);
      }
      return false;
    }
    case 'Number': {
      const r = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(rpv) ? Number(rpv) : 0;
      switch (q.op) {
        case '=':
          return value.num === r;
        case '!=':
          return value.num !== r;
        case '<':
          return value.num < r;
        case '<=':
          return value.num <= r;
        case '>':
          return value.num > r;
        case '>=':
          return value.num >= r;
      }
      return false;
    }
    case 'True':
      return q.op === '='
        ? rpv === 'true'
        : q.op === '!='
          ? rpv !== 'true'
          : q.op === '>'
            ? rpv === 'false'
            : q.op === '>=';
    case 'False':
      return q.op === '='
        ? rpv === 'false'
        : q.op === '!='
          ? rpv !== 'false'
          : q.op === '<'
            ? rpv === 'true'
            : q.op === '<=';
  }
  return false;
}

/** Multipath selectors (SYNTAX.md, Multipaths): `[p1,p2]` and `{p1,"name":p2}`. */

export interface Selector {
  name: string;
  path: string;
}

/** `[p1,p2]` or `{name:p1,p2}`: the selectors and what follows the closing bracket. */
export function parseSelectors(path: string): { sels: Selector[]; rest: string } | null {
  const sels: Selector[] = [];
  let depth = 1;
  let colon = 0;
  let start = 1;
  let modifier = 0;
  const push = (i: number) => {
    sels.push(
      colon === 0
        ? { name: '', path: path.slice(start, i) }
        : { name: path.slice(start, colon), path: path.slice(colon + 1, i) },
    );
    colon = 0;
    modifier = 0;
    start = i + 1;
  };
  for (let i = 1; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '\\') i++;
    else if (ch === '@') {
      if (modifier === 0 && (path[i - 1] === '.' || path[i - 1] === '|')) modifier = i;
    } else if (ch === ':') {
      if (modifier === 0 && colon === 0 && depth === 1) colon = i;
    } else if (ch === ',') {
      if (depth === 1) push(i);
    } else if (ch === '"') {
      for (i++; i < path.length && path[i] !== '"'; i++) if (path[i] === '\\') i++;
    } else if ('[({'.includes(ch)) depth++;
    else if ('])}'.includes(ch)) {
      if (--depth === 0) {
        push(i);
        return { sels, rest: path.slice(i + 1) };
      }
    }
  }
  return null;
}

/** The last component of a path (for naming multipath members). */
export function nameOfLast(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if ((path[i] === '|' || path[i] === '.') && !(i > 0 && path[i - 1] === '\\')) return path.slice(i + 1);
  }
  return path;
}

export const isSimpleName = (s: string) => ![...s].some((c) => c < ' ' || '[]{}()#|!'.includes(c));

/** Go string and character literals: unquoting (strconv.Unquote/UnquoteChar) and quoting (strconv.Quote). */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
};

/**
 * Decodes one (possibly escaped) character at the start of `s`. `\x` and octal escapes denote a byte
 * (`byte: true`); everything else a code point.
 */
export function unquoteChar(
  s: string,
  quote: string,
): { codePoint: number; byte: boolean; tail: string } | null {
  const c = s[0];
  if (c === undefined) return null;
  if (c === quote && (quote === "'" || quote === '"')) return null;
  if (c !== '\\') {
    const cp = s.codePointAt(0)!;
    return { codePoint: cp, byte: false, tail: s.slice(cp > 0xffff ? 2 : 1) };
  }
  const e = s[1];
  if (e === undefined) return null;
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { codePoint: simple, byte: false, tail: s.slice(2) };
  if (e === "'" || e === '"') {
    if (e !== quote) return null;
    return { codePoint: e.charCodeAt(0), byte: false, tail: s.slice(2) };
  }
  const hex = (n: number) => {
    const h = s.slice(2, 2 + n);
    return /^[0-9a-fA-F]+$/.test(h) && h.length === n ? Number.parseInt(h, 16) : null;
  };
  if (e === 'x') {
    const v = hex(2);
    return v === null ? null : { codePoint: v, byte: true, tail: s.slice(4) };
  }
  if (e === 'u' || e === 'U') {
    const n = e === 'u' ? 4 : 8;
    const v = hex(n);
    if (v === null || v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return null;
    return { codePoint: v, byte: false, tail: s.slice(2 + n) };
  }
  if (e >= '0' && e <= '7') {
    const o = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(o)) return null;
    const v = Number.parseInt(o, 8);
    return v > 255 ? null : { codePoint: v, byte: true, tail: s.slice(4) };
  }
  return null;
}

/** strconv.Unquote for "…" and `…` literals; null when malformed. */
export function unquote(lit: string): string | null {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) return null;
  const body = lit.slice(1, -1);
  if (q === '`') return body.includes('`') ? null : body.replaceAll('\r', '');
  if (q !== '"') return null;
  const bytes: number[] = [];
  let rest = body;
  while (rest.length > 0) {
    const r = unquoteChar(rest, '"');
    if (!r) return null;
    if (r.byte) bytes.push(r.codePoint);
    else bytes.push(...Buffer.from(String.fromCodePoint(r.codePoint), 'utf8'));
    rest = r.tail;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export const isPrint = (ch: string) => ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);

function escapeRune(ch: string, quote: string, asciiOnly: boolean): string {
  const cp = ch.codePointAt(0)!;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (asciiOnly ? cp < 0x80 && isPrint(ch) : isPrint(ch)) return ch;
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** strconv.Quote (or QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune (or QuoteRuneToASCII). */
export function quoteRune(cp: number, asciiOnly = false): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000);
  return `'${escapeRune(valid ? String.fromCodePoint(cp) : '\ufffd', "'", asciiOnly)}'`;
}

/** strconv.CanBackquote: no control characters except tab, no backquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    if (ch === '`' || ch === '\ufeff') return false;
    const cp = ch.codePointAt(0)!;
    if ((cp < 0x20 && ch !== '\t') || cp === 0x7f) return false;
  }
  return true;
}

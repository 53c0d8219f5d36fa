/**
 * Go number literals in templates (parse.NumberNode rules): integers become Go `int` (a bigint here), numbers
 * written with `.`, `e` or `p` become `float64` (a JS number), character constants are runes (ints).
 */
import { unquoteChar } from './strings.ts';

export type GoConstant =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'complex'; text: string }
  | { kind: 'error'; message: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 0, 64) without the range check: sign, 0x/0o/0b/0 prefixes, underscores. */
export function parseIntBase0(text: string): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  let prefixed = false;
  if (/^0[xX]/.test(s)) [base, digits, prefixed] = [16, s.slice(2), true];
  else if (/^0[oO]/.test(s)) [base, digits, prefixed] = [8, s.slice(2), true];
  else if (/^0[bB]/.test(s)) [base, digits, prefixed] = [2, s.slice(2), true];
  else if (s.length > 1 && s[0] === '0') [base, digits, prefixed] = [8, s.slice(1), true];
  if (digits.includes('_')) {
    const d = prefixed ? digits.replace(/^_/, '') : digits;
    if (d.startsWith('_') || d.endsWith('_') || d.includes('__')) return null;
    digits = d.replaceAll('_', '');
  }
  if (digits === '') return null;
  const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/, 10: /^[0-9]+$/ }[
    base as 16 | 8 | 2 | 10
  ];
  if (!valid.test(digits)) return null;
  const prefix = { 16: '0x', 8: '0o', 2: '0b', 10: '' }[base as 16 | 8 | 2 | 10];
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

/** strconv.ParseFloat(s, 64) for decimal and hexadecimal literals. */
export function parseFloatGo(text: string): number | null {
  const s = text.replaceAll('_', '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
  }
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (m && (m[2] || m[3])) {
    const mant = Number.parseInt(`${m[2] || '0'}${m[3]}`, 16) / 16 ** (m[3] ?? '').length;
    const v = mant * 2 ** Number(m[4]);
    if (!Number.isFinite(v)) return null;
    return m[1] === '-' ? -v : v;
  }
  return null;
}

const isHexInt = (s: string) => /^[+-]?0[xX]/.test(s) && !/[pP]/.test(s);

/** The value a number token denotes when executed (exec.idealConstant). */
export function goConstant(text: string): GoConstant {
  if (text.startsWith("'")) {
    const r = unquoteChar(text.slice(1), "'");
    if (r?.tail !== "'") return { kind: 'error', message: `malformed character constant: ${text}` };
    return { kind: 'int', value: BigInt(r.codePoint) };
  }
  if (text.endsWith('i') && parseFloatGo(text.slice(0, -1)) !== null) return { kind: 'complex', text };
  const i = parseIntBase0(text);
  if (i !== null) {
    if (i < INT64_MIN || i > INT64_MAX) {
      if (i > INT64_MAX && i < 2n ** 64n) return { kind: 'error', message: `${text} overflows int` };
      const f = parseFloatGo(text);
      if (f === null || !/[.eEpP]/.test(text) || isHexInt(text))
        return { kind: 'error', message: `integer overflow: ${JSON.stringify(text)}` };
    } else if (isHexInt(text) || !/[.eEpP]/.test(text)) {
      return { kind: 'int', value: i };
    }
  }
  const f = parseFloatGo(text);
  if (f === null) return { kind: 'error', message: `illegal number syntax: ${JSON.stringify(text)}` };
  if (!/[.eEpP]/.test(text)) return { kind: 'error', message: `integer overflow: ${JSON.stringify(text)}` };
  return { kind: 'float', value: f };
}

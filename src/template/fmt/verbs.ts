/** Text of one formatted number or byte string under the printf flags (Go's fmt/format.go), before padding. */
import { isPrint } from '../strings.ts';
import { formatFloat } from './float.ts';
import type { Flags } from './printer.ts';

/** %d %b %o %O %x %X: precision or zero flag give leading zeros, `#` a base prefix. */
export function integerText(v: bigint, base: number, verb: string, upper: boolean, f: Flags): string {
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString(base);
  if (upper) digits = digits.toUpperCase();
  let prec = 0;
  if (f.prec !== null) {
    prec = f.prec;
    if (prec === 0 && v === 0n) return '';
  } else if (f.zero && f.wid !== null) {
    prec = f.wid - (negative || f.plus || f.space ? 1 : 0);
  }
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = `0b${digits}`;
    else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`;
    else if (base === 16) digits = `0${upper ? 'X' : 'x'}${digits}`;
  }
  if (verb === 'O') digits = `0o${digits}`;
  return (negative ? '-' : f.plus ? '+' : f.space ? ' ' : '') + digits;
}

/** %U: U+0041 (with `#`: U+0041 'A'). */
export function unicodeText(v: bigint, f: Flags): string {
  let hex = (v < 0n ? -v : v).toString(16).toUpperCase();
  const prec = Math.max(f.prec ?? 4, 4);
  if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
  const cp = Number(v);
  const printable = cp >= 0 && cp <= 0x10ffff && isPrint(String.fromCodePoint(cp));
  return `U+${hex}${f.sharp && printable ? ` '${String.fromCodePoint(cp)}'` : ''}`;
}

export function runeString(v: bigint): string {
  const cp = Number(v);
  return cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000) ? String.fromCodePoint(cp) : '\ufffd';
}

/** %x of a string: hex of its UTF-8 bytes; ` ` separates bytes, `#` adds 0x. */
export function hexBytes(s: string, upper: boolean, f: Flags): string {
  let bytes = [...Buffer.from(s, 'utf8')];
  if (f.prec !== null) bytes = bytes.slice(0, f.prec);
  const x = upper ? 'X' : 'x';
  const hex = bytes.map((b) => {
    const h = b.toString(16).padStart(2, '0');
    return upper ? h.toUpperCase() : h;
  });
  if (hex.length === 0) return '';
  if (f.space) return hex.map((h) => (f.sharp ? `0${x}${h}` : h)).join(' ');
  return (f.sharp ? `0${x}` : '') + hex.join('');
}

/**
 * A float with its sign handling; `padding` says how to widen it: `spaces` only (Inf/NaN), zeros `after-sign`
 * (zero flag with a sign), or the normal padding.
 */
export function floatText(
  v: number,
  verb: string,
  prec: number,
  f: Flags,
): { text: string; padding: 'spaces' | 'after-sign' | 'normal' } {
  let num = formatFloat(v, verb, prec);
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return { text: num, padding: 'spaces' };
  }
  if (f.sharp) num = sharpFloat(num, verb, prec);
  if (f.plus || num[0] !== '+') {
    if (f.zero && f.wid !== null && f.wid > num.length) return { text: num, padding: 'after-sign' };
    return { text: num, padding: 'normal' };
  }
  return { text: num.slice(1), padding: 'normal' };
}

/** The `#` flag on floats: always a decimal point; %g keeps its trailing zeros. */
function sharpFloat(numIn: string, verb: string, prec: number): string {
  let num = numIn;
  let digits = 0;
  if ('vgGx'.includes(verb)) digits = prec === -1 ? 6 : prec;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < num.length; i++) {
    const c = num[i]!;
    if (c === '.') hasPoint = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    } else {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  while (digits-- > 0) num += '0';
  return num + tail;
}

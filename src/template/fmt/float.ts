/**
 * strconv.FormatFloat for float64 in formats e, E, f, g, G (shortest with prec -1, otherwise correctly rounded
 * with ties to even, from the exact decimal expansion) and x, X (hexadecimal mantissa, `p` exponent).
 */

interface Decimal {
  /** Significant digits without leading or trailing zeros ('' for zero). */
  d: string;
  /** Decimal point position: value = 0.d × 10^dp. */
  dp: number;
}

function bits(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: biased - 1075 };
}

function trimDecimal(digits: string, dp: number): Decimal {
  const lead = digits.length - digits.replace(/^0+/, '').length;
  const s = digits.slice(lead).replace(/0+$/, '');
  return s === '' ? { d: '', dp: 0 } : { d: s, dp: dp - lead };
}

/** The exact decimal value of a finite non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const { mant, exp } = bits(x);
  if (exp >= 0) {
    const s = (mant << BigInt(exp)).toString();
    return trimDecimal(s, s.length);
  }
  const s = (mant * 5n ** BigInt(-exp)).toString();
  return trimDecimal(s, s.length + exp);
}

/** The shortest decimal that reads back as x (the same digits as JavaScript's own conversion). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [m = '', e = '0'] = x.toExponential().split('e');
  return trimDecimal(m.replace('.', ''), Number(e) + 1);
}

/** Rounds to nd significant digits, ties to even (the input is exact). */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d.charCodeAt(nd) - 48;
  const half = next === 5 && nd + 1 === a.d.length;
  const up = half ? nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1 : next >= 5;
  if (!up) return trimDecimal(a.d.slice(0, nd), a.dp);
  let i = nd - 1;
  while (i >= 0 && a.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 };
  return trimDecimal(a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), a.dp);
}

const digitAt = (a: Decimal, i: number) => (i >= 0 && i < a.d.length ? a.d[i]! : '0');

function fmtE(neg: boolean, a: Decimal, prec: number, ch: string): string {
  let s = neg ? '-' : '';
  s += digitAt(a, 0);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(a, i);
  }
  let exp = a.d === '' ? 0 : a.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return `${s}${ch}${sign}${exp < 10 ? `0${exp}` : exp}`;
}

function fmtF(neg: boolean, a: Decimal, prec: number): string {
  let s = neg ? '-' : '';
  if (a.dp > 0) for (let i = 0; i < a.dp; i++) s += digitAt(a, i);
  else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(a, a.dp + i);
  }
  return s;
}

export function formatFloat(x: number, fmt: string, precIn: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (fmt === 'x' || fmt === 'X') return formatHexFloat(x, fmt, precIn);
  if (fmt === 'b') {
    const { mant, exp } = bits(Math.abs(x));
    return `${x < 0 || Object.is(x, -0) ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
  }
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = precIn < 0;
  let prec = precIn;
  let a: Decimal;
  const lower = fmt.toLowerCase();
  if (shortest) {
    a = shortestDecimal(abs);
    prec = lower === 'e' ? a.d.length - 1 : lower === 'f' ? Math.max(a.d.length - a.dp, 0) : a.d.length;
  } else {
    a = exactDecimal(abs);
    if (lower === 'e') a = roundDecimal(a, prec + 1);
    else if (lower === 'f') a = roundDecimal(a, a.dp + prec);
    else {
      if (prec === 0) prec = 1;
      a = roundDecimal(a, prec);
    }
  }
  if (lower === 'e') return fmtE(neg, a, prec, fmt);
  if (lower === 'f') return fmtF(neg, a, prec);
  let eprec = prec;
  if (eprec > a.d.length && a.d.length >= a.dp) eprec = a.d.length;
  if (shortest) eprec = 6;
  const exp = a.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > a.d.length) prec = a.d.length;
    return fmtE(neg, a, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > a.dp) prec = a.d.length;
  return fmtF(neg, a, Math.max(prec - a.dp, 0));
}

/** %x / %X: -0x1.yyyp±dd. */
function formatHexFloat(x: number, fmt: string, prec: number): string {
  const neg = x < 0 || Object.is(x, -0);
  let { mant, exp } = bits(Math.abs(x));
  if (mant === 0n) exp = 0;
  else {
    // normalise: leading one at bit 52, exponent of that bit
    while (mant < 1n << 52n) {
      mant <<= 1n;
      exp--;
    }
    exp += 52;
  }
  mant <<= 8n; // leading one at bit 60
  const MASK60 = (1n << 60n) - 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & MASK60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'x' ? '0123456789abcdef' : '0123456789ABCDEF';
  let s = `${neg ? '-' : ''}0${fmt}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const digit = () => {
    const d = hex[Number((mant >> 60n) & 15n)];
    mant = (mant << 4n) & ((1n << 64n) - 1n);
    return d;
  };
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) s += digit();
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digit();
  }
  const e = Math.abs(exp);
  return `${s}${fmt === 'x' ? 'p' : 'P'}${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
}

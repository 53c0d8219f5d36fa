/** fmt.Sprint, fmt.Sprintln and fmt.Sprintf over template values (see printer.ts for the verbs). */
import { typeName } from '../values.ts';
import { noFlags, Printer } from './printer.ts';

/** Spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.f = noFlags();
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

export function sprintln(args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.f = noFlags();
    p.printArg(arg, 'v');
  });
  return `${p.buf}\n`;
}

const TOO_LARGE = 1e6;

function parseNum(s: string, i: number, end: number): { n: number | null; i: number } {
  let j = i;
  let n = 0;
  while (j < end && s[j]! >= '0' && s[j]! <= '9') {
    n = n * 10 + (s.charCodeAt(j) - 48);
    if (n > TOO_LARGE) return { n: null, i: end };
    j++;
  }
  return { n: j > i ? n : null, i: j };
}

export function sprintf(format: string, args: unknown[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): number => {
    if (i >= end || format[i] !== '[') return i;
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (close < 0 || end - i < 3) {
      goodArgNum = false;
      return i + 1;
    }
    const { n, i: ni } = parseNum(format, i + 1, close);
    if (n === null || ni !== close || n - 1 < 0 || n - 1 >= args.length) {
      goodArgNum = false;
      return close + 1;
    }
    argNum = n - 1;
    afterIndex = true;
    return close + 1;
  };
  const intFromArg = (): number | null => {
    if (argNum >= args.length) return null;
    const v = args[argNum++];
    if (typeof v !== 'bigint' || v > TOO_LARGE || v < -TOO_LARGE) return null;
    return Number(v);
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const pct = format.indexOf('%', i);
    const stop = pct < 0 ? end : pct;
    p.buf += format.slice(i, stop);
    if (pct < 0) break;
    i = pct + 1;
    const f = noFlags();
    p.f = f;
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    afterIndex = false;
    i = argNumber(i);
    if (format[i] === '*') {
      i++;
      f.wid = intFromArg();
      if (f.wid === null) p.buf += '%!(BADWIDTH)';
      else if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      const r = parseNum(format, i, end);
      f.wid = r.n;
      i = r.i;
      if (afterIndex && f.wid !== null) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      afterIndex = false;
      i = argNumber(i);
      if (format[i] === '*') {
        i++;
        f.prec = intFromArg();
        if (f.prec !== null && f.prec < 0) f.prec = null;
        if (f.prec === null) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const r = parseNum(format, i, end);
        f.prec = r.n ?? 0;
        i = r.i;
      }
    }
    if (!afterIndex) i = argNumber(i);
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') p.buf += '%';
    else if (!goodArgNum) p.buf += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.buf += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(args[argNum++], verb);
    }
  }
  if (!reordered && argNum < args.length) {
    p.f = noFlags();
    p.buf += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ', ';
      if (arg === null || arg === undefined) p.buf += '<nil>';
      else {
        p.buf += `${typeName(arg)}=`;
        p.printArg(arg, 'v');
      }
    });
    p.buf += ')';
  }
  return p.buf;
}

/**
 * The formatting core of Go's fmt package for the value kinds templates handle: one argument formatted with
 * one verb and the current flags, width and precision (print.go printArg/printValue, format.go).
 */
import { canBackquote, isPrint, quote, quoteRune } from '../strings.ts';
import { GoStruct, kindOf, NilPointer, sortedEntries, structFields, typeName } from '../values.ts';
import { formatFloat } from './float.ts';

export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number | null;
  prec: number | null;
}

export const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: null,
  prec: null,
});

const runeCount = (s: string) => [...s].length;

export class Printer {
  buf = '';
  f: Flags = noFlags();
  private erroring = false;

  private padding(n: number): string {
    return n > 0 ? (this.f.zero ? '0' : ' ').repeat(n) : '';
  }

  /** Writes s padded to the width (left unless `-`). */
  pad(s: string): void {
    const n = this.f.wid === null ? 0 : this.f.wid - runeCount(s);
    if (n <= 0) this.buf += s;
    else if (this.f.minus) this.buf += s + ' '.repeat(n);
    else this.buf += this.padding(n) + s;
  }

  private padNoZero(s: string): void {
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = z;
  }

  printArg(arg: unknown, verb: string): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.pad(typeName(arg));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: unknown, verb: string, depth: number): void {
    if (this.handleStringer(v, verb)) return;
    switch (kindOf(v)) {
      case 'invalid':
      case 'nil':
        if (depth === 0) this.printArg(v, verb);
        else this.buf += '<nil>';
        return;
      case 'bool':
        if (verb === 't' || verb === 'v') this.pad(String(v));
        else this.badVerb(verb, v);
        return;
      case 'int':
        this.integerVerb(v as bigint, verb);
        return;
      case 'float':
        this.floatVerb(v as number, verb);
        return;
      case 'string':
        this.stringVerb(v as string, verb);
        return;
      case 'slice': {
        this.buf += '[';
        (v as unknown[]).forEach((e, i) => {
          if (i > 0) this.buf += ' ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += ']';
        return;
      }
      case 'map': {
        this.buf += 'map[';
        sortedEntries(v as Record<string, unknown>).forEach(([k, e], i) => {
          if (i > 0) this.buf += ' ';
          this.printValue(k, verb, depth + 1);
          this.buf += ':';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += ']';
        return;
      }
      case 'struct': {
        if (depth > 0) {
          if (verb === 'v') this.pad('0xc000000000');
          else this.badVerb(verb, v);
          return;
        }
        this.buf += '&';
        this.printStruct(v as GoStruct, verb, depth);
        return;
      }
      case 'nilptr':
        if (verb === 'v') this.pad('<nil>');
        else this.badVerb(verb, v);
        return;
      default:
        if (verb === 'v') this.pad('0x0');
        else this.badVerb(verb, v);
        return;
    }
  }

  /** The fields of a struct value, `{a b}` (or `{A:a B:b}` with %+v). */
  printStruct(s: GoStruct, verb: string, depth: number): void {
    this.buf += '{';
    structFields(s).forEach(([name, value], i) => {
      if (i > 0) this.buf += ' ';
      if (this.f.plusV) this.buf += `${name}:`;
      this.printValue(value, verb, depth + 1);
    });
    this.buf += '}';
  }

  /** Values with a String method print through it for %v %s %x %X %q. */
  handleStringer(v: unknown, verb: string): boolean {
    if (this.erroring || !'vsxXq'.includes(verb) || this.f.sharpV) return false;
    let s: string | undefined;
    if (v instanceof GoStruct) {
      const m = (v as unknown as { String?: unknown }).String;
      if (typeof m === 'function') s = String(m.call(v));
    } else if (v instanceof NilPointer && v.struct?.nilString !== undefined) {
      s = v.struct.nilString;
    }
    if (s === undefined) return false;
    this.stringVerb(s, verb);
    return true;
  }

  badVerb(verb: string, arg: unknown): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    if (arg === null || arg === undefined) this.buf += '<nil>';
    else {
      this.buf += `${typeName(arg)}=`;
      this.printArg(arg, 'v');
    }
    this.buf += ')';
    this.erroring = false;
  }

  private integerVerb(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        this.fmtInteger(v, 10, verb, false);
        return;
      case 'b':
        this.fmtInteger(v, 2, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, verb, false);
        return;
      case 'x':
        this.fmtInteger(v, 16, verb, false);
        return;
      case 'X':
        this.fmtInteger(v, 16, verb, true);
        return;
      case 'c':
        this.padNoZero(runeString(v));
        return;
      case 'q':
        this.padNoZero(quoteRune(Number(v), this.f.plus));
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, v);
        return;
    }
  }

  private fmtInteger(v: bigint, base: number, verb: string, upper: boolean): void {
    const negative = v < 0n;
    let digits = (negative ? -v : v).toString(base);
    if (upper) digits = digits.toUpperCase();
    let prec = 0;
    if (this.f.prec !== null) {
      prec = this.f.prec;
      if (prec === 0 && v === 0n) {
        this.padNoZero('');
        return;
      }
    } else if (this.f.zero && this.f.wid !== null) {
      prec = this.f.wid - (negative || this.f.plus || this.f.space ? 1 : 0);
    }
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`;
      else if (base === 16) digits = `0${upper ? 'X' : 'x'}${digits}`;
    }
    if (verb === 'O') digits = `0o${digits}`;
    const sign = negative ? '-' : this.f.plus ? '+' : this.f.space ? ' ' : '';
    this.padNoZero(sign + digits);
  }

  private fmtUnicode(v: bigint): void {
    let hex = (v < 0n ? -v : v).toString(16).toUpperCase();
    const prec = Math.max(this.f.prec ?? 4, 4);
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = `U+${hex}`;
    const cp = Number(v);
    if (this.f.sharp && cp >= 0 && cp <= 0x10ffff && isPrint(String.fromCodePoint(cp))) {
      s += ` '${String.fromCodePoint(cp)}'`;
    }
    this.padNoZero(s);
  }

  private floatVerb(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloat(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloat(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloat(v, verb === 'F' ? 'f' : verb, 6);
        return;
      default:
        this.badVerb(verb, v);
        return;
    }
  }

  private fmtFloat(v: number, verb: string, defaultPrec: number): void {
    const prec = this.f.prec ?? defaultPrec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.padNoZero(num);
      return;
    }
    if (this.f.sharp) num = sharpFloat(num, verb, prec);
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && this.f.wid !== null && this.f.wid > num.length) {
        this.buf += num[0] + '0'.repeat(this.f.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private stringVerb(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) {
          this.pad(quote(s));
          return;
        }
        this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'x':
      case 'X':
        this.fmtSx(s, verb === 'X');
        return;
      case 'q': {
        const t = this.truncate(s);
        if (this.f.sharp && canBackquote(t)) {
          this.pad(`\`${t}\``);
          return;
        }
        this.pad(quote(t, this.f.plus));
        return;
      }
      default:
        this.badVerb(verb, s);
        return;
    }
  }

  private truncate(s: string): string {
    return this.f.prec === null ? s : [...s].slice(0, this.f.prec).join('');
  }

  private fmtSx(s: string, upper: boolean): void {
    let bytes = [...Buffer.from(s, 'utf8')];
    if (this.f.prec !== null) bytes = bytes.slice(0, this.f.prec);
    const x = upper ? 'X' : 'x';
    const hex = bytes.map((b) => {
      const h = b.toString(16).padStart(2, '0');
      return upper ? h.toUpperCase() : h;
    });
    let out: string;
    if (hex.length === 0) out = '';
    else if (this.f.space) out = hex.map((h) => (this.f.sharp ? `0${x}${h}` : h)).join(' ');
    else out = (this.f.sharp ? `0${x}` : '') + hex.join('');
    this.padNoZero(out);
  }
}

function runeString(v: bigint): string {
  const cp = Number(v);
  return cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000) ? String.fromCodePoint(cp) : '\ufffd';
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

/**
 * The formatting core of Go's fmt package for the value kinds templates handle: one argument formatted with
 * one verb and the current flags, width and precision (print.go printArg/printValue, format.go).
 */
import { canBackquote, quote, quoteRune } from '../strings.ts';
import { GoStruct, kindOf, NilPointer, sortedEntries, structFields, typeName } from '../values.ts';
import { floatText, hexBytes, integerText, runeString, unicodeText } from './verbs.ts';

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
    const base = ({ v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 } as Record<string, number>)[verb];
    if (base) this.padNoZero(integerText(v, base, verb, verb === 'X', this.f));
    else if (verb === 'c') this.padNoZero(runeString(v));
    else if (verb === 'q') this.padNoZero(quoteRune(Number(v), this.f.plus));
    else if (verb === 'U') this.padNoZero(unicodeText(v, this.f));
    else this.badVerb(verb, v);
  }

  private floatVerb(v: number, verb: string): void {
    if (verb === 'v') this.fmtFloat(v, 'g', -1);
    else if ('bgGxX'.includes(verb)) this.fmtFloat(v, verb, -1);
    else if ('feEF'.includes(verb)) this.fmtFloat(v, verb === 'F' ? 'f' : verb, 6);
    else this.badVerb(verb, v);
  }

  private fmtFloat(v: number, verb: string, defaultPrec: number): void {
    const { text, padding } = floatText(v, verb, this.f.prec ?? defaultPrec, this.f);
    if (padding === 'spaces') this.padNoZero(text);
    else if (padding === 'after-sign')
      this.buf += text[0] + '0'.repeat(this.f.wid! - text.length) + text.slice(1);
    else this.pad(text);
  }

  private stringVerb(s: string, verb: string): void {
    if (verb === 'v' && this.f.sharpV) this.pad(quote(s));
    else if (verb === 'v' || verb === 's') this.pad(this.truncate(s));
    else if (verb === 'x' || verb === 'X') this.padNoZero(hexBytes(s, verb === 'X', this.f));
    else if (verb === 'q') {
      const t = this.truncate(s);
      this.pad(this.f.sharp && canBackquote(t) ? `\`${t}\`` : quote(t, this.f.plus));
    } else this.badVerb(verb, s);
  }

  private truncate(s: string): string {
    return this.f.prec === null ? s : [...s].slice(0, this.f.prec).join('');
  }
}

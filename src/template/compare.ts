/** The comparison builtins eq, ne, lt, le, gt, ge with Go's kind rules (ints and floats never mix). */
import { compareStrings, kindOf, NilPointer } from './values.ts';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : 'invalid';
}

const isNil = (v: unknown) => v === null || v === undefined || v instanceof NilPointer;

function basicEqual(k: BasicKind, a: unknown, b: unknown): boolean {
  if (k === 'string') return compareStrings(a as string, b as string) === 0;
  return a === b;
}

export function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg1 !== null && arg !== undefined && arg !== null) {
        throw new Error('incompatible types for comparison');
      }
    } else if (k1 !== 'invalid') {
      truth = basicEqual(k1, arg1, arg);
    } else if (isNil(arg1) || isNil(arg)) {
      truth = isNil(arg1) === isNil(arg);
    } else {
      const kind = kindOf(arg);
      if (kind === 'slice' || kind === 'map' || kind === 'func')
        throw new Error(`non-comparable type ${kind}`);
      truth = arg1 === arg;
    }
    if (truth) return true;
  }
  return false;
}

export const ne = (a: unknown, b: unknown) => !eq(a, b);

export function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  if (k1 === 'string') return compareStrings(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

export const le = (a: unknown, b: unknown) => lt(a, b) || eq(a, b);
export const gt = (a: unknown, b: unknown) => !le(a, b);
export const ge = (a: unknown, b: unknown) => !lt(a, b);

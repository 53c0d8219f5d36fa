/**
 * The predefined functions of text/template. A function fails by throwing; the evaluator reports that as
 * `error calling <name>: <message>`. `and` and `or` short-circuit and are evaluated in exec-call.ts.
 */
import { eq, ge, gt, le, lt, ne } from './compare.ts';
import { htmlEscape, jsEscape, urlQueryEscape } from './escape.ts';
import { sprint, sprintf, sprintln } from './fmt/printf.ts';
import { byteLength, isMap, isTrue, mapGet, mapSize, NilPointer, typeName } from './values.ts';

/** `value`: any value, missing ones included (reflect.Value); `any`: interface{} (missing → nil); `string`. */
export type ParamType = 'value' | 'any' | 'string';

export interface GoFunc {
  params: ParamType[];
  variadic?: ParamType;
  fn: (...args: unknown[]) => unknown;
}

/** A method or func value may declare its Go signature; without one every argument is `any`. */
export interface WithSignature {
  goSignature?: { params: ParamType[]; variadic?: ParamType };
}

function indexArg(index: unknown, cap: number): number {
  if (index === undefined || index === null) throw new Error('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new Error(`index out of range: ${index}`);
  return Number(index);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let v = item;
  if (v === undefined || v === null) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (v instanceof NilPointer || v === null) throw new Error('index of nil pointer');
    if (typeof v === 'string' || Array.isArray(v)) {
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : null;
      const len = bytes ? bytes.length : (v as unknown[]).length;
      const x = indexArg(ix, len);
      if (x === len) throw new Error(`index out of range: ${x}`);
      v = bytes ? BigInt(bytes[x]!) : (v as unknown[])[x];
    } else if (isMap(v)) {
      if (!(v instanceof Map) && typeof ix !== 'string') {
        throw new Error(`value has type ${typeName(ix)}; should be string`);
      }
      const found = mapGet(v, ix);
      v = found === undefined ? null : found;
    } else {
      throw new Error(`can't index item of type ${typeName(v)}`);
    }
  }
  return v;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = byteLength(item);
  } else if (Array.isArray(item)) len = item.length;
  else throw new Error(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, len);
  });
  const [i, j, k] = idx as [number, number, number];
  if (i > j) throw new Error(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > k) throw new Error(`invalid slice index: ${j} > ${k}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(i, j).toString('utf8');
  return item.slice(i, j);
}

function length(item: unknown): bigint {
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (item === null || item instanceof NilPointer) throw new Error('len of nil pointer');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (isMap(item)) return BigInt(mapSize(item));
  throw new Error(`len of type ${typeName(item)}`);
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (fn === undefined || fn === null) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function of type ${typeName(fn)}`);
  return fn(...args.map((a) => (a === undefined ? null : a)));
}

/** What the escapers and print functions see of their operands (printableValue + fmt.Sprint). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

const v = (n: number, variadic?: ParamType): Pick<GoFunc, 'params' | 'variadic'> => ({
  params: Array<ParamType>(n).fill('value'),
  ...(variadic ? { variadic } : {}),
});

export const BUILTINS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ['and', { ...v(1, 'value'), fn: () => undefined }],
  ['or', { ...v(1, 'value'), fn: () => undefined }],
  ['not', { ...v(1), fn: (a) => !isTrue(a) }],
  ['call', { ...v(1, 'value'), fn: call }],
  ['index', { ...v(1, 'value'), fn: index }],
  ['slice', { ...v(1, 'value'), fn: slice }],
  ['len', { ...v(1), fn: length }],
  ['eq', { ...v(1, 'value'), fn: eq }],
  ['ne', { ...v(2), fn: (a, b) => ne(a, b) }],
  ['lt', { ...v(2), fn: (a, b) => lt(a, b) }],
  ['le', { ...v(2), fn: (a, b) => le(a, b) }],
  ['gt', { ...v(2), fn: (a, b) => gt(a, b) }],
  ['ge', { ...v(2), fn: (a, b) => ge(a, b) }],
  ['print', { params: [], variadic: 'any', fn: (...a) => sprint(a) }],
  ['println', { params: [], variadic: 'any', fn: (...a) => sprintln(a) }],
  ['printf', { params: ['string'], variadic: 'any', fn: (f, ...a) => sprintf(f as string, a) }],
  ['html', { params: [], variadic: 'any', fn: (...a) => htmlEscape(evalArgs(a)) }],
  ['js', { params: [], variadic: 'any', fn: (...a) => jsEscape(evalArgs(a)) }],
  ['urlquery', { params: [], variadic: 'any', fn: (...a) => urlQueryEscape(evalArgs(a)) }],
]);

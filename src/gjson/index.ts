/**
 * A TypeScript implementation of GJSON path lookups (tidwall/gjson, SYNTAX.md) over raw JSON text. Results
 * keep GJSON's raw/typed distinction; `get(json, path).toString()` is what Go code gets from `.String()`.
 */
export { get } from './get.ts';
export { valid } from './modifiers.ts';
export { EMPTY, parse, Result, type ResultType } from './result.ts';

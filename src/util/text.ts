const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL and unpaired surrogates: no database stores them, and no legitimate input contains them. */
export const hasUnstorableChars = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** True when any string (key or value) inside a parsed JSON value has unstorable characters. */
export function jsonHasUnstorableChars(v: unknown): boolean {
  if (typeof v === 'string') return hasUnstorableChars(v);
  if (Array.isArray(v)) return v.some(jsonHasUnstorableChars);
  if (v && typeof v === 'object') {
    return Object.entries(v).some(([k, x]) => hasUnstorableChars(k) || jsonHasUnstorableChars(x));
  }
  return false;
}

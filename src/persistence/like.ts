/** A LIKE pattern matching `s` anywhere, with `%`, `_` and the escape character taken literally. */
export const containsPattern = (s: string): string => `%${s.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The one place where database values become JS values, so that every dialect returns the same types:
 * booleans as boolean, timestamps as Date (stored as UTC without zone), counts as number, UUIDs as
 * lower-case strings. JSON is stored in text columns and parsed by the repositories that own it.
 */
import pg from 'pg';

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const NUMERIC = 1700;

const utcTimestamp = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);
const toNumber = (s: string): number => Number(s);

export const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === TIMESTAMP) return utcTimestamp;
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    if (oid === TIMESTAMPTZ) return (s: string) => new Date(s);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [TIMESTAMP]: utcTimestamp,
  [INT8]: toNumber,
  [NUMERIC]: toNumber,
};

interface MysqlField {
  type: string;
  length: number;
  string(): string | null;
}

/** mysql2 typeCast: TINYINT(1) → boolean, DATETIME → UTC Date, DECIMAL/BIGINT counts → number. */
export function mysqlTypeCast(field: MysqlField, next: () => unknown): unknown {
  if (field.type === 'TINY' && field.length === 1) {
    const v = field.string();
    return v === null ? null : v === '1';
  }
  if (field.type === 'DATETIME' || field.type === 'TIMESTAMP') {
    const v = field.string();
    return v === null ? null : utcTimestamp(v);
  }
  if (field.type === 'NEWDECIMAL' || field.type === 'LONGLONG') {
    const v = field.string();
    return v === null ? null : Number(v);
  }
  return next();
}

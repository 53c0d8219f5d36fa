/**
 * Database side of the import: which identifiers of a batch are already taken (and by whom), and the
 * multi-row inserts. Everything runs on the transaction it is given.
 */
import type { Knex } from 'knex';
import { type Claim, type PlannedUser, TABLES } from './plan.ts';

/** `<kind>:<value>` → the id of the user that owns it (null for an address that belongs to nobody yet). */
export type Taken = Map<string, string | null>;

export const claimKey = (c: Pick<Claim, 'kind' | 'value'>): string => `${c.kind}:${c.value}`;

const LOOKUPS: Record<Claim['kind'], { table: string; column: string; owner: string }> = {
  user_id: { table: 'users', column: 'id', owner: 'id' },
  email: { table: 'emails', column: 'address', owner: 'user_id' },
  username: { table: 'usernames', column: 'username', owner: 'user_id' },
  credential: { table: 'webauthn_credentials', column: 'id', owner: 'user_id' },
  user_handle: { table: 'webauthn_credential_user_handles', column: 'handle', owner: 'user_id' },
};

const CHUNK = 1000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function findTaken(trx: Knex, claims: Claim[]): Promise<Taken> {
  const taken: Taken = new Map();
  for (const kind of Object.keys(LOOKUPS) as Array<Claim['kind']>) {
    const values = [...new Set(claims.filter((c) => c.kind === kind).map((c) => c.value))];
    const { table, column, owner } = LOOKUPS[kind];
    for (const part of chunks(values, CHUNK)) {
      const rows: Array<{ v: string; o: string | null }> = await trx(table)
        .whereIn(column, part)
        .select({ v: column, o: owner });
      for (const r of rows) taken.set(claimKey({ kind, value: r.v }), r.o);
    }
  }
  return taken;
}

/** Inserts the rows of all users, table by table, in multi-row statements. */
export async function insertPlanned(trx: Knex, users: PlannedUser[]): Promise<void> {
  for (const table of TABLES) {
    const rows = users.flatMap((u) => u.rows[table]);
    for (const part of chunks(rows, CHUNK)) await trx(table).insert(part);
  }
}

/**
 * True for errors that one bad entry can cause (constraint violations, values the column refuses): the
 * batch is then retried entry by entry. Anything else (connection lost, ...) ends the import.
 */
export function isDataError(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && /^2[23]/.test(e.code)) return true; // PostgreSQL classes 22, 23
  return typeof e.errno === 'number' && [1062, 1406, 1452, 1366, 1292, 1264, 1048].includes(e.errno);
}

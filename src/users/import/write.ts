/**
 * Writes one batch of planned users in ONE transaction: entries whose user already exists are skipped,
 * entries with an identifier that another user owns fail, the rest are inserted together. When the database
 * still refuses the batch (a row written concurrently, a value a column cannot hold), the batch is retried
 * entry by entry, each in its own transaction, so that only the offending entry fails.
 */
import type { Knex } from 'knex';
import type { Claim, PlannedUser } from './plan.ts';
import { claimKey, findTaken, insertPlanned, isDataError, type Taken } from './store.ts';

export type Outcome =
  | { index: number; status: 'created' | 'skipped' }
  | { index: number; status: 'failed'; path: string; message: string };

const CONFLICT: Record<Claim['kind'], string> = {
  user_id: 'already exists',
  email: 'already belongs to another user',
  username: 'already belongs to another user',
  credential: 'already belongs to another user',
  user_handle: 'already belongs to another user',
};

/**
 * - A user_id that exists: skipped (the entry was imported before; nothing is compared or changed).
 * - No user_id, and every address and the username belong to one and the same existing user: skipped too.
 * - Otherwise any identifier in use: failed at the first such field.
 */
export function decide(user: PlannedUser, taken: Taken): Outcome {
  const { index } = user;
  if (user.explicitId && taken.has(claimKey({ kind: 'user_id', value: user.userId })))
    return { index, status: 'skipped' };
  const conflicts = user.claims.filter((c) => taken.has(claimKey(c)));
  if (conflicts.length === 0) return { index, status: 'created' };
  if (!user.explicitId) {
    const identifiers = user.claims.filter((c) => c.kind === 'email' || c.kind === 'username');
    const owners = new Set(identifiers.map((c) => taken.get(claimKey(c))));
    const [owner] = owners;
    if (identifiers.every((c) => taken.has(claimKey(c))) && owners.size === 1 && owner)
      return { index, status: 'skipped' };
  }
  const first = conflicts[0] as Claim;
  const message =
    first.kind === 'email' && taken.get(claimKey(first)) === null
      ? 'already exists (not assigned to a user)'
      : CONFLICT[first.kind];
  return { index, status: 'failed', path: first.path, message };
}

export async function writeBatch(knex: Knex, batch: PlannedUser[]): Promise<Outcome[]> {
  if (batch.length === 0) return [];
  try {
    return await knex.transaction(async (trx) => {
      const taken = await findTaken(
        trx,
        batch.flatMap((u) => u.claims),
      );
      const outcomes = batch.map((u) => decide(u, taken));
      const created = new Set(outcomes.filter((o) => o.status === 'created').map((o) => o.index));
      await insertPlanned(
        trx,
        batch.filter((u) => created.has(u.index)),
      );
      return outcomes;
    });
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (batch.length > 1) {
      const out: Outcome[] = [];
      for (const user of batch) out.push(...(await writeBatch(knex, [user])));
      return out;
    }
    const reason = err instanceof Error ? err.message.split('\n')[0]?.slice(-200) : String(err);
    return [
      { index: batch[0]!.index, status: 'failed', path: '', message: `refused by the database: ${reason}` },
    ];
  }
}

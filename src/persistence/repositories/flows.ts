import type { Knex } from 'knex';

export interface FlowRow {
  id: string;
  name: string;
  machine_version: number;
  version: number;
  data: string;
  csrf_token: string;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export const findFlow = (db: Knex, id: string): Promise<FlowRow | undefined> =>
  db<FlowRow>('flows').where({ id }).first();

export async function insertFlow(db: Knex, row: FlowRow): Promise<void> {
  await db('flows').insert(row);
}

/** Conditional update: true only if nobody else changed the flow since `expectedVersion` was read. */
export async function updateFlow(
  db: Knex,
  id: string,
  expectedVersion: number,
  patch: Pick<FlowRow, 'data' | 'csrf_token' | 'updated_at'>,
): Promise<boolean> {
  const n = await db('flows')
    .where({ id, version: expectedVersion })
    .update({ ...patch, version: expectedVersion + 1 });
  return n === 1;
}

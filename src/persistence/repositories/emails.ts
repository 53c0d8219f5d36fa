import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface EmailRow {
  id: string;
  user_id: string | null;
  address: string;
  verified: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Addresses are stored and compared lower-cased. */
export const normalizeAddress = (address: string): string => address.trim().toLowerCase();

export async function findEmailByAddress(db: Knex, address: string): Promise<EmailRow | undefined> {
  return db<EmailRow>('emails')
    .where({ address: normalizeAddress(address) })
    .first();
}

export async function findEmailById(db: Knex, id: string): Promise<EmailRow | undefined> {
  return db<EmailRow>('emails').where({ id }).first();
}

export async function listEmailsOfUser(
  db: Knex,
  userId: string,
): Promise<Array<EmailRow & { is_primary: boolean }>> {
  const rows = await db('emails as e')
    .leftJoin('primary_emails as p', 'p.email_id', 'e.id')
    .where('e.user_id', userId)
    .orderBy('e.created_at', 'asc')
    .select('e.*', 'p.id as primary_id');
  return rows.map(({ primary_id, ...r }: EmailRow & { primary_id: string | null }) => ({
    ...r,
    is_primary: !!primary_id,
  }));
}

export async function insertEmail(
  db: Knex,
  input: { userId: string | null; address: string; verified: boolean; now: Date },
): Promise<EmailRow> {
  const row: EmailRow = {
    id: randomUUID(),
    user_id: input.userId,
    address: normalizeAddress(input.address),
    verified: input.verified,
    created_at: input.now,
    updated_at: input.now,
  };
  await db('emails').insert(row);
  return row;
}

/** Makes `emailId` the user's primary address (creating or moving the single primary_emails row). */
export async function setPrimaryEmail(db: Knex, userId: string, emailId: string, now: Date): Promise<void> {
  const existing = await db('primary_emails').where({ user_id: userId }).first();
  if (existing) {
    await db('primary_emails').where({ id: existing.id }).update({ email_id: emailId, updated_at: now });
  } else {
    await db('primary_emails').insert({
      id: randomUUID(),
      user_id: userId,
      email_id: emailId,
      created_at: now,
      updated_at: now,
    });
  }
}

export type UserEmailRow = EmailRow & { is_primary: boolean };

/** The addresses of several users (with their primary flag), oldest first. */
export async function listEmailsOfUsers(db: Knex, userIds: string[]): Promise<UserEmailRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db('emails as e')
    .leftJoin('primary_emails as p', 'p.email_id', 'e.id')
    .whereIn('e.user_id', userIds)
    .orderBy([{ column: 'e.created_at' }, { column: 'e.id' }])
    .select('e.*', 'p.id as primary_id');
  return rows.map(({ primary_id, ...r }: EmailRow & { primary_id: string | null }) => ({
    ...r,
    is_primary: !!primary_id,
  }));
}

export async function countEmailsOfUser(db: Knex, userId: string): Promise<number> {
  const [row] = await db('emails').where({ user_id: userId }).count({ n: '*' });
  return Number(row?.n ?? 0);
}

/** Gives an unowned address to a user (its verified flag is kept). */
export async function assignEmail(db: Knex, emailId: string, userId: string, now: Date): Promise<void> {
  await db('emails').where({ id: emailId }).update({ user_id: userId, updated_at: now });
}

export async function deleteEmail(db: Knex, id: string): Promise<boolean> {
  return (await db('emails').where({ id }).delete()) > 0;
}

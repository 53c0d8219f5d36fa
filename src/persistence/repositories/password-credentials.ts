/** `password_credentials`: at most one password hash per user (data-model §3). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface PasswordCredentialRow {
  id: string;
  user_id: string;
  password: string;
  created_at: Date;
  updated_at: Date;
}

/** Metadata only: the hash never leaves this module unless asked for with `findPasswordHash`. */
export type PasswordCredentialInfo = Omit<PasswordCredentialRow, 'password'>;

const INFO = ['id', 'user_id', 'created_at', 'updated_at'] as const;

export async function findPasswordOfUser(
  db: Knex,
  userId: string,
): Promise<PasswordCredentialInfo | undefined> {
  return db('password_credentials')
    .where({ user_id: userId })
    .first(...INFO);
}

export async function listPasswordsOfUsers(db: Knex, userIds: string[]): Promise<PasswordCredentialInfo[]> {
  if (userIds.length === 0) return [];
  return db('password_credentials')
    .whereIn('user_id', userIds)
    .select(...INFO);
}

export async function findPasswordHash(db: Knex, userId: string): Promise<string | undefined> {
  const row = await db('password_credentials').where({ user_id: userId }).first('password');
  return row?.password;
}

export async function insertPassword(db: Knex, userId: string, hash: string, now: Date): Promise<string> {
  const id = randomUUID();
  await db('password_credentials').insert({
    id,
    user_id: userId,
    password: hash,
    created_at: now,
    updated_at: now,
  });
  return id;
}

export async function updatePasswordHash(
  db: Knex,
  userId: string,
  hash: string,
  now: Date,
): Promise<boolean> {
  return (
    (await db('password_credentials')
      .where({ user_id: userId })
      .update({ password: hash, updated_at: now })) > 0
  );
}

export async function deletePassword(db: Knex, userId: string): Promise<boolean> {
  return (await db('password_credentials').where({ user_id: userId }).delete()) > 0;
}

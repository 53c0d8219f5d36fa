import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface PrimaryEmail {
  id: string;
  address: string;
  is_primary: true;
  is_verified: boolean;
}

export interface UserSummary {
  id: string;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  picture: string | null;
  email: PrimaryEmail | null;
  username: string | null;
}

/** A user with their primary email and username, or undefined. */
export async function findUserSummary(db: Knex, id: string): Promise<UserSummary | undefined> {
  const user = await db('users').where({ id }).first();
  if (!user) return undefined;
  const primary = await db('primary_emails as p')
    .join('emails as e', 'e.id', 'p.email_id')
    .where('p.user_id', id)
    .first('e.id', 'e.address', 'e.verified');
  const username = await db('usernames').where({ user_id: id }).first('username');
  return {
    id: user.id,
    created_at: user.created_at,
    updated_at: user.updated_at,
    name: user.name ?? null,
    given_name: user.given_name ?? null,
    family_name: user.family_name ?? null,
    picture: user.picture ?? null,
    email: primary
      ? { id: primary.id, address: primary.address, is_primary: true, is_verified: primary.verified }
      : null,
    username: username?.username ?? null,
  };
}

export async function insertUser(db: Knex, input: { id?: string; now: Date }): Promise<string> {
  const id = input.id ?? randomUUID();
  await db('users').insert({ id, created_at: input.now, updated_at: input.now });
  return id;
}

export async function findUsername(
  db: Knex,
  username: string,
): Promise<{ user_id: string; username: string } | undefined> {
  return db('usernames').where({ username: username.toLowerCase() }).first('user_id', 'username');
}

export async function setUsername(db: Knex, userId: string, username: string, now: Date): Promise<void> {
  const existing = await db('usernames').where({ user_id: userId }).first();
  if (existing)
    await db('usernames')
      .where({ id: existing.id })
      .update({ username: username.toLowerCase(), updated_at: now });
  else
    await db('usernames').insert({
      id: randomUUID(),
      user_id: userId,
      username: username.toLowerCase(),
      created_at: now,
      updated_at: now,
    });
}

/**
 * Deletes a user and everything that is theirs. The primary_emails row goes first: MySQL checks its RESTRICT
 * foreign key to emails while cascading, PostgreSQL does not.
 */
export async function deleteUser(db: Knex, userId: string): Promise<boolean> {
  await db('primary_emails').where({ user_id: userId }).delete();
  return (await db('users').where({ id: userId }).delete()) > 0;
}

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { containsPattern } from '../like.ts';

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

export async function insertUser(
  db: Knex,
  input: { id?: string; now: Date; createdAt?: Date },
): Promise<string> {
  const id = input.id ?? randomUUID();
  await db('users').insert({ id, created_at: input.createdAt ?? input.now, updated_at: input.now });
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

export interface UserRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  picture: string | null;
}

export async function findUsers(db: Knex, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db<UserRow>('users').whereIn('id', ids);
}

export async function userExists(db: Knex, id: string): Promise<boolean> {
  return !!(await db('users').where({ id }).first('id'));
}

/** Admin user search (rest-api.md §6.3): only users with at least one email or a username are listed. */
export interface UserListFilter {
  ids: string[];
  /** Lower-cased substring of any of the user's addresses. */
  email?: string;
  /** Lower-cased substring of the username; OR-combined with `email` when both are given. */
  username?: string;
}

function whereListed(q: Knex.QueryBuilder, f: UserListFilter): Knex.QueryBuilder {
  const hasEmail = (sub: Knex.QueryBuilder) => {
    sub.select(1).from('emails as e').whereRaw('e.user_id = u.id');
    if (f.email) sub.andWhere('e.address', 'like', containsPattern(f.email));
  };
  const hasUsername = (sub: Knex.QueryBuilder) => {
    sub.select(1).from('usernames as n').whereRaw('n.user_id = u.id');
    if (f.username) sub.andWhere('n.username', 'like', containsPattern(f.username));
  };
  q.where((w) => {
    if (f.email && !f.username) w.whereExists(hasEmail);
    else if (f.username && !f.email) w.whereExists(hasUsername);
    else w.whereExists(hasEmail).orWhereExists(hasUsername);
  });
  if (f.ids.length) q.whereIn('u.id', f.ids);
  return q;
}

export async function countUsers(db: Knex, f: UserListFilter): Promise<number> {
  const [row] = await whereListed(db('users as u'), f).count({ n: '*' });
  return Number(row?.n ?? 0);
}

export async function listUserIds(
  db: Knex,
  f: UserListFilter,
  page: { offset: number; limit: number; direction: 'asc' | 'desc' },
): Promise<string[]> {
  const rows = await whereListed(db('users as u'), f)
    .orderBy([
      { column: 'u.created_at', order: page.direction },
      { column: 'u.id', order: page.direction },
    ])
    .offset(page.offset)
    .limit(page.limit)
    .select('u.id');
  return rows.map((r: { id: string }) => r.id);
}

export type UserProfileField = 'name' | 'given_name' | 'family_name' | 'picture';

export async function updateUserProfile(
  db: Knex,
  id: string,
  changes: Partial<Record<UserProfileField, string | null>>,
  now: Date,
): Promise<void> {
  await db('users')
    .where({ id })
    .update({ ...changes, updated_at: now });
}

export interface UsernameRow {
  id: string;
  user_id: string;
  username: string;
  created_at: Date;
  updated_at: Date;
}

export async function listUsernamesOfUsers(db: Knex, userIds: string[]): Promise<UsernameRow[]> {
  if (userIds.length === 0) return [];
  return db<UsernameRow>('usernames').whereIn('user_id', userIds);
}

export async function deleteUsername(db: Knex, userId: string): Promise<boolean> {
  return (await db('usernames').where({ user_id: userId }).delete()) > 0;
}

/** Locks the user's row until the transaction ends (serialises changes to one user); false if there is none. */
export async function lockUser(trx: Knex.Transaction, id: string): Promise<boolean> {
  return !!(await trx('users').where({ id }).forUpdate().first('id'));
}

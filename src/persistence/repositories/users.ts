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

import type { Knex } from 'knex';

export interface SessionRow {
  id: string;
  user_id: string;
  user_agent: string | null;
  ip_address: string | null;
  expires_at: Date | null;
  last_used: Date;
  created_at: Date;
  updated_at: Date;
}

export async function findSessionById(db: Knex, id: string): Promise<SessionRow | undefined> {
  return db<SessionRow>('sessions').where({ id }).first();
}

/** Records a use of the session (the idle timeout counts from `last_used`). */
export async function touchSession(db: Knex, id: string, now: Date): Promise<void> {
  await db('sessions').where({ id }).update({ last_used: now, updated_at: now });
}

export async function deleteSession(db: Knex, id: string): Promise<boolean> {
  return (await db('sessions').where({ id }).delete()) > 0;
}

/** The user's active sessions (`expires_at` in the future), newest first. */
export async function listActiveSessions(db: Knex, userId: string, now: Date): Promise<SessionRow[]> {
  return db<SessionRow>('sessions')
    .where({ user_id: userId })
    .andWhere('expires_at', '>', now)
    .orderBy('created_at', 'desc');
}

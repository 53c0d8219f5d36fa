import type { JWTPayload } from 'jose';
import { ConfigError } from '../config/errors.ts';
import type { Services } from '../services.ts';
import { issueSession } from '../sessions/issue.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `hanko jwt create <user_id>`: a session for an existing user, stored like any other session. */
export async function issueCliToken(
  s: Services,
  userId: string,
): Promise<{ token: string; payload: JWTPayload }> {
  if (!UUID.test(userId)) throw new ConfigError('user_id', 'must be a valid uuid');
  const user = await s.db.knex('users').where({ id: userId.toLowerCase() }).first();
  if (!user) throw new ConfigError('user_id', `no user with id ${userId}`);
  const { token, claims } = await issueSession(s, { userId: user.id as string, amr: [] });
  return { token, payload: claims };
}

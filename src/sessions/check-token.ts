import type { JWTPayload } from 'jose';
import type { Context } from 'koa';
import {
  deleteSession,
  findSessionById,
  type SessionRow,
  touchSession,
} from '../persistence/repositories/sessions.ts';
import type { Services } from '../services.ts';
import { parseDuration } from '../util/duration.ts';
import { clearSessionCookie } from './cookie.ts';

/** `session.idle_timeout` in ms; unset, empty, zero or unparsable means no idle timeout (config.md §2.6). */
export function idleTimeoutMs(s: Services): number {
  const raw = s.config.session.idle_timeout;
  if (!raw) return 0;
  try {
    return parseDuration(raw);
  } catch {
    return 0;
  }
}

/** The verified payload of a session JWT (RS256 against our keys, `exp` enforced), or null. */
export async function verifySessionJwt(s: Services, token: string): Promise<JWTPayload | null> {
  if (!token) return null;
  try {
    return await s.jwks.verify(token);
  } catch {
    return null;
  }
}

export type SessionLookup =
  | { ok: true; session: SessionRow }
  | { ok: false; reason: 'not_found' | 'expired' | 'idle' };

/**
 * Checks the server-side part of a session (rest-api.md §2.2 steps 3–5): the row must exist and be unexpired;
 * a session idle for longer than `session.idle_timeout` is deleted and the deletion cookie is set. With
 * `touch`, a valid session's `last_used` becomes now (the returned row carries the new value).
 */
export async function lookupSession(
  ctx: Context,
  s: Services,
  sessionId: string,
  opts: { touch: boolean },
): Promise<SessionLookup> {
  const knex = s.db.knex;
  const session = await findSessionById(knex, sessionId.toLowerCase());
  if (!session) return { ok: false, reason: 'not_found' };
  const now = s.now();
  if (session.expires_at && session.expires_at.getTime() <= now.getTime())
    return { ok: false, reason: 'expired' };
  const idle = idleTimeoutMs(s);
  if (idle > 0 && now.getTime() - session.last_used.getTime() > idle) {
    await deleteSession(knex, session.id);
    clearSessionCookie(ctx, s.config);
    return { ok: false, reason: 'idle' };
  }
  if (!opts.touch) return { ok: true, session };
  await touchSession(knex, session.id, now);
  return { ok: true, session: { ...session, last_used: now, updated_at: now } };
}

/** When an idle session will expire if unused: `last_used + idle_timeout`, never after the JWT's `exp`. */
export function idleExpiresAt(s: Services, session: SessionRow, exp: number | undefined): Date | undefined {
  const idle = idleTimeoutMs(s);
  if (idle <= 0) return undefined;
  const at = new Date(session.last_used.getTime() + idle);
  if (typeof exp === 'number' && at.getTime() > exp * 1000) return new Date(exp * 1000);
  return at;
}

import type { JWTPayload } from 'jose';
import type { Context, Middleware } from 'koa';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { lookupSession, verifySessionJwt } from './check-token.ts';
import { isUuid } from './claims.ts';
import { sessionCookieName } from './cookie.ts';

/** An authenticated end-user request; `requireSession` puts it in `ctx.state.session`. */
export interface AuthenticatedSession {
  userId: string;
  sessionId: string;
  claims: JWTPayload;
}

/** Every value of the named cookie, in header order. */
function cookieValues(ctx: Context, name: string): string[] {
  const header = ctx.get('Cookie');
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (v) out.push(v);
  }
  return out;
}

/** Token candidates in upstream's order: `Authorization: Bearer` (scheme case-insensitive), then the cookie. */
export function sessionTokenCandidates(ctx: Context, s: Services): string[] {
  const out: string[] = [];
  const m = /^bearer\s+(\S+)\s*$/i.exec(ctx.get('Authorization'));
  if (m?.[1]) out.push(m[1]);
  out.push(...cookieValues(ctx, sessionCookieName(s.config)));
  return out;
}

/**
 * Authenticates an end-user request (rest-api.md §2.2): the first candidate token that verifies, names an
 * existing unexpired session by a UUID `session_id` and is not idle wins, and its session's `last_used` is
 * updated. An idle session on the way is deleted and the deletion cookie set. Null when none qualifies.
 */
export async function authenticate(ctx: Context, s: Services): Promise<AuthenticatedSession | null> {
  for (const token of sessionTokenCandidates(ctx, s)) {
    const claims = await verifySessionJwt(s, token);
    if (!claims || !isUuid(claims.session_id) || typeof claims.sub !== 'string') continue;
    const found = await lookupSession(ctx, s, claims.session_id, { touch: true });
    if (!found.ok) continue;
    return { userId: claims.sub, sessionId: found.session.id, claims };
  }
  return null;
}

/** Koa middleware: a valid session in `ctx.state.session`, else `401 {"code":401,"message":"Unauthorized"}`. */
export function requireSession(s: Services): Middleware {
  return async (ctx, next) => {
    const session = await authenticate(ctx, s);
    if (!session) throw new HttpError(401);
    ctx.state.session = session;
    await next();
  };
}

/** The session `requireSession` stored (throws if the route forgot the middleware). */
export function sessionOf(ctx: Context): AuthenticatedSession {
  const session = ctx.state.session as AuthenticatedSession | undefined;
  if (!session) throw new Error('route is missing requireSession');
  return session;
}

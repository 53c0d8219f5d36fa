import Router from '@koa/router';
import { deleteSession } from '../persistence/repositories/sessions.ts';
import { findUserSummary } from '../persistence/repositories/users.ts';
import { requestMeta } from '../server/request-meta.ts';
import type { Services } from '../services.ts';
import { requireSession, sessionOf } from '../sessions/authenticate.ts';
import { clearSessionCookie } from '../sessions/cookie.ts';

/**
 * `POST /logout` (rest-api.md §5.2): deletes the token's session row and writes `user_logged_out` in one
 * transaction, then sends the deletion cookie and 204.
 */
export function logoutRoutes(s: Services): Router {
  const router = new Router();
  router.post('/logout', requireSession(s), async (ctx) => {
    const { userId, sessionId } = sessionOf(ctx);
    const meta = requestMeta(ctx);
    await s.db.knex.transaction(async (trx) => {
      const user = await findUserSummary(trx, userId);
      await deleteSession(trx, sessionId);
      await s.audit.write(trx, meta, {
        type: 'user_logged_out',
        user: user ? { id: user.id, email: user.email?.address ?? null } : null,
      });
    });
    clearSessionCookie(ctx, s.config);
    ctx.status = 204;
  });
  return router;
}

/**
 * Admin sessions (rest-api.md §6.8): list and revoke a user's sessions, and issue a session token for a user
 * (`POST /sessions`). The issued session stores the `user_agent` / `ip_address` from the body (not the
 * caller's), subject to `session.acquire_user_agent` / `session.acquire_ip_address`.
 */
import Router from '@koa/router';
import { deleteSession, findSessionById, listActiveSessions } from '../persistence/repositories/sessions.ts';
import { findUserSummary, userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import { requestMeta } from '../server/request-meta.ts';
import type { Services } from '../services.ts';
import { prepareSession } from '../sessions/issue.ts';
import { bodyObject, Checks, isIpAddress, loadDtoUserId, messages } from './validate.ts';
import { sessionView } from './views.ts';

export function sessionRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get('/users/:user_id/sessions', async (ctx) => {
    const userId = loadDtoUserId(ctx.params.user_id);
    if (!(await userExists(db, userId))) throw new HttpError(404);
    ctx.body = (await listActiveSessions(db, userId, s.now())).map(sessionView);
  });

  router.delete('/users/:user_id/sessions/:session_id', async (ctx) => {
    new Checks(true)
      .uuid('user_id', ctx.params.user_id)
      .uuid('session_id', ctx.params.session_id, 4)
      .throwIfAny();
    const userId = ctx.params.user_id!.toLowerCase();
    const sessionId = ctx.params.session_id!.toLowerCase();
    await db.transaction(async (trx) => {
      if (!(await userExists(trx, userId))) throw new HttpError(404);
      const session = await findSessionById(trx, sessionId);
      if (!session || session.user_id !== userId) throw new HttpError(404);
      await deleteSession(trx, sessionId);
    });
    ctx.status = 204;
  });

  router.post('/sessions', async (ctx) => {
    const body = bodyObject(ctx.state.body);
    const checks = new Checks().uuid('user_id', body.user_id).optionalString('user_agent', body.user_agent);
    if (body.ip_address !== undefined && body.ip_address !== null && body.ip_address !== '') {
      if (!isIpAddress(body.ip_address)) checks.add(messages.ip('ip_address'));
    }
    checks.throwIfAny();
    const userId = (body.user_id as string).toLowerCase();
    const user = await findUserSummary(db, userId);
    if (!user) throw new HttpError(404, 'user not found');
    // Sign outside the transaction; store the session and its audit entry together.
    const issued = await prepareSession(s, user, {
      amr: [],
      ...(typeof body.ip_address === 'string' && body.ip_address ? { ip: body.ip_address } : {}),
      ...(typeof body.user_agent === 'string' && body.user_agent ? { userAgent: body.user_agent } : {}),
    });
    await db.transaction(async (trx) => {
      if (!(await userExists(trx, userId))) throw new HttpError(404, 'user not found');
      await issued.store(trx);
      await s.audit.write(trx, requestMeta(ctx), {
        type: 'login_success',
        user: { id: user.id, email: user.email?.address ?? null },
        details: { api: 'admin' },
      });
    });
    ctx.body = { session_token: issued.token };
  });

  return router;
}

import Router from '@koa/router';
import { loadUserProfile } from '../persistence/repositories/user-profile.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { requireSession, sessionOf } from '../sessions/authenticate.ts';
import { userResponse } from '../users/profile.ts';

/** `GET /users/{id}`: a user may read only themselves, compared as strings like upstream (rest-api.md §4.7). */
export function userRoutes(s: Services): Router {
  const router = new Router();
  router.get('/users/:id', requireSession(s), async (ctx) => {
    const { userId } = sessionOf(ctx);
    if (ctx.params.id !== userId) throw new HttpError(403);
    const record = await loadUserProfile(s.db.knex, userId);
    if (!record) throw new HttpError(404);
    ctx.body = userResponse(record, s.config);
  });
  return router;
}

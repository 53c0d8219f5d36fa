import Router from '@koa/router';
import { loadUserProfile } from '../persistence/repositories/user-profile.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { requireSession, sessionOf } from '../sessions/authenticate.ts';
import { profileResponse } from '../users/profile.ts';

/** `GET /me`: the session user's profile object (rest-api.md §5.1). */
export function meRoutes(s: Services): Router {
  const router = new Router();
  router.get('/me', requireSession(s), async (ctx) => {
    const record = await loadUserProfile(s.db.knex, sessionOf(ctx).userId);
    if (!record) throw new HttpError(404);
    ctx.body = profileResponse(record, s.config);
  });
  return router;
}

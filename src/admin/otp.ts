/** Admin `/users/{user_id}/otp`: TOTP credential metadata and removal (rest-api.md §6.9). */
import Router from '@koa/router';
import { deleteOtpOfUser, findOtpOfUser } from '../persistence/repositories/otp-secrets.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { loadDtoUserId } from './validate.ts';

export function otpRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  // A missing user has no secret either: both are 404.
  router.get('/users/:user_id/otp', async (ctx) => {
    const otp = await findOtpOfUser(db, loadDtoUserId(ctx.params.user_id));
    if (!otp) throw new HttpError(404);
    ctx.body = { id: otp.id, created_at: otp.created_at };
  });

  router.delete('/users/:user_id/otp', async (ctx) => {
    if (!(await deleteOtpOfUser(db, loadDtoUserId(ctx.params.user_id)))) throw new HttpError(404);
    ctx.status = 204;
  });

  return router;
}

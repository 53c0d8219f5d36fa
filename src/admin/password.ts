/**
 * Admin `/users/{user_id}/password` (rest-api.md §6.7). Hashing (argon2id) runs before the transaction that
 * stores the hash. Beyond upstream, a password longer than 72 bytes is refused with 400 (upstream's bcrypt step
 * failed with 500), since the hasher would never accept it at login.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { MAX_PASSWORD_BYTES } from '../crypto/password.ts';
import {
  deletePassword,
  findPasswordOfUser,
  insertPassword,
  updatePasswordHash,
} from '../persistence/repositories/password-credentials.ts';
import { lockUser, userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { badRequest, Checks, isObject, loadDtoUserId } from './validate.ts';

const PATH = '/users/:user_id/password';

/** `user_id` and `password`, validated together (nested messages), then the byte limit. */
function passwordRequest(ctx: Context): { userId: string; password: string } {
  const body = isObject(ctx.state.body) ? ctx.state.body : {};
  new Checks(true).uuid('user_id', ctx.params.user_id).string('password', body.password).throwIfAny();
  const password = body.password as string;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    throw badRequest(`password must not be longer than ${MAX_PASSWORD_BYTES} bytes`);
  return { userId: ctx.params.user_id!.toLowerCase(), password };
}

const view = (p: { id: string; created_at: Date; updated_at: Date }) => ({
  id: p.id,
  created_at: p.created_at,
  updated_at: p.updated_at,
});

export function passwordRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  /** The user's password metadata; 404 when the user or the password is missing. */
  async function existing(userId: string) {
    if (!(await userExists(db, userId))) throw new HttpError(404);
    return findPasswordOfUser(db, userId);
  }

  router.get(PATH, async (ctx) => {
    const credential = await existing(loadDtoUserId(ctx.params.user_id));
    if (!credential) throw new HttpError(404);
    ctx.body = view(credential);
  });

  router.post(PATH, async (ctx) => {
    const { userId, password } = passwordRequest(ctx);
    if (await existing(userId)) throw new HttpError(409);
    const hash = await s.passwords.hash(password);
    const now = s.now();
    const id = await db.transaction(async (trx) => {
      if (!(await lockUser(trx, userId))) throw new HttpError(404);
      if (await findPasswordOfUser(trx, userId)) throw new HttpError(409);
      return insertPassword(trx, userId, hash, now);
    });
    ctx.body = view({ id, created_at: now, updated_at: now });
  });

  router.put(PATH, async (ctx) => {
    const { userId, password } = passwordRequest(ctx);
    if (!(await existing(userId))) throw new HttpError(404);
    const hash = await s.passwords.hash(password);
    await updatePasswordHash(db, userId, hash, s.now());
    const credential = await findPasswordOfUser(db, userId);
    if (!credential) throw new HttpError(404);
    ctx.body = view(credential);
  });

  router.delete(PATH, async (ctx) => {
    const userId = loadDtoUserId(ctx.params.user_id);
    if (!(await existing(userId))) throw new HttpError(404);
    await deletePassword(db, userId);
    ctx.status = 204;
  });

  return router;
}

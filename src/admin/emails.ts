/** Admin `/users/{user_id}/emails` (rest-api.md §6.5). Validation errors carry upstream's "loadDto" prefix. */
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  assignEmail,
  countEmailsOfUser,
  deleteEmail,
  findEmailByAddress,
  insertEmail,
  listEmailsOfUser,
  setPrimaryEmail,
} from '../persistence/repositories/emails.ts';
import { lockUser, userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { Checks, isEmail, isObject, messages } from './validate.ts';
import { emailView } from './views.ts';

/** `user_id` (uuid) and, for single-email routes, `email_id` (uuid4), checked together. */
function params(ctx: Context, withEmail: boolean): { userId: string; emailId: string } {
  const checks = new Checks(true).uuid('user_id', ctx.params.user_id);
  if (withEmail) checks.uuid('email_id', ctx.params.email_id, 4);
  checks.throwIfAny();
  return { userId: ctx.params.user_id!.toLowerCase(), emailId: (ctx.params.email_id ?? '').toLowerCase() };
}

const userNotFound = (id: string) => new HttpError(404, `user with id '${id}' was not found`);

export function emailRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get('/users/:user_id/emails', async (ctx) => {
    const { userId } = params(ctx, false);
    if (!(await userExists(db, userId))) throw userNotFound(userId);
    ctx.body = (await listEmailsOfUser(db, userId)).map(emailView);
  });

  router.post('/users/:user_id/emails', async (ctx) => {
    const body = isObject(ctx.state.body) ? ctx.state.body : {};
    const checks = new Checks(true).uuid('user_id', ctx.params.user_id).string('address', body.address);
    if (typeof body.address === 'string' && body.address !== '' && !isEmail(body.address))
      checks.add(messages.email('address'));
    checks.optionalBoolean('is_primary', body.is_primary).optionalBoolean('is_verified', body.is_verified);
    checks.throwIfAny();
    const userId = ctx.params.user_id!.toLowerCase();
    const address = (body.address as string).toLowerCase();
    const now = s.now();
    const created = await db.transaction(async (trx) => {
      if (!(await lockUser(trx, userId))) throw new HttpError(404);
      const count = await countEmailsOfUser(trx, userId);
      if (count >= s.config.email.limit) throw new HttpError(409);
      const existing = await findEmailByAddress(trx, address);
      if (existing?.user_id) throw new HttpError(400);
      let emailId: string;
      if (existing) {
        await assignEmail(trx, existing.id, userId, now);
        emailId = existing.id;
      } else {
        emailId = (await insertEmail(trx, { userId, address, verified: body.is_verified === true, now })).id;
      }
      // `is_primary` is ignored, like upstream: the first address of a user becomes primary.
      if (count === 0) await setPrimaryEmail(trx, userId, emailId, now);
      return (await listEmailsOfUser(trx, userId)).find((e) => e.id === emailId)!;
    });
    ctx.status = 201;
    ctx.body = emailView(created);
  });

  router.get('/users/:user_id/emails/:email_id', async (ctx) => {
    const { userId, emailId } = params(ctx, true);
    if (!(await userExists(db, userId))) throw userNotFound(userId);
    const email = (await listEmailsOfUser(db, userId)).find((e) => e.id === emailId);
    if (!email) throw new HttpError(404, `email with id '${emailId}' was not found`);
    ctx.body = emailView(email);
  });

  router.delete('/users/:user_id/emails/:email_id', async (ctx) => {
    const { userId, emailId } = params(ctx, true);
    await db.transaction(async (trx) => {
      if (!(await lockUser(trx, userId))) throw userNotFound(userId);
      const email = (await listEmailsOfUser(trx, userId)).find((e) => e.id === emailId);
      if (!email) throw new HttpError(404, `email with id '${emailId}' was not found`);
      if (email.is_primary) throw new HttpError(409);
      await deleteEmail(trx, emailId);
    });
    ctx.status = 204;
  });

  router.post('/users/:user_id/emails/:email_id/set_primary', async (ctx) => {
    const { userId, emailId } = params(ctx, true);
    await db.transaction(async (trx) => {
      if (!(await lockUser(trx, userId))) throw userNotFound(userId);
      const email = (await listEmailsOfUser(trx, userId)).find((e) => e.id === emailId);
      if (!email) throw new HttpError(404);
      if (!email.is_primary) await setPrimaryEmail(trx, userId, emailId, s.now());
    });
    ctx.status = 204;
  });

  return router;
}

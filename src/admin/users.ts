/** Admin `/users`: list and search, create, get, patch, delete (rest-api.md §6.3). */
import Router from '@koa/router';
import type { Context } from 'koa';
import { countUsers, deleteUser, listUserIds, userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { loadAdminUser, loadAdminUsers } from './admin-user.ts';
import { parsePageRequest, setPaginationHeaders } from './pagination.ts';
import { createUser } from './user-create.ts';
import { patchUser } from './user-patch.ts';
import { isUuid, pathUuid } from './validate.ts';

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** The `{id}` path segment of `/users/{id}`, or upstream's 400. */
export const userIdParam = (ctx: Context): string =>
  pathUuid(ctx.params.id, 'failed to parse userId as uuid');

function listQuery(ctx: Context) {
  const page = parsePageRequest(ctx.query);
  const rawIds = first(ctx.query.user_id);
  const ids = rawIds === '' ? [] : rawIds.split(',');
  if (!ids.every(isUuid)) throw new HttpError(400, 'failed to parse user_id as uuid');
  const direction = first(ctx.query.sort_direction) || 'desc';
  if (direction !== 'desc' && direction !== 'asc')
    throw new HttpError(400, 'sort_direction must be desc or asc');
  const email = first(ctx.query.email).toLowerCase();
  const username = first(ctx.query.username).toLowerCase();
  const filter = {
    ids: ids.map((id) => id.toLowerCase()),
    ...(email ? { email } : {}),
    ...(username ? { username } : {}),
  };
  return { page, direction, filter } as const;
}

export function userRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get('/users', async (ctx) => {
    const { page, direction, filter } = listQuery(ctx);
    const total = await countUsers(db, filter);
    const ids =
      page.offset < total
        ? await listUserIds(db, filter, { offset: page.offset, limit: page.perPage, direction })
        : [];
    setPaginationHeaders(ctx, total, page);
    ctx.body = await loadAdminUsers(db, ids, { full: false });
  });

  router.post('/users', async (ctx) => {
    const id = await createUser(s, ctx.state.body);
    ctx.body = await loadAdminUser(db, id);
  });

  router.get('/users/:id', async (ctx) => {
    const user = await loadAdminUser(db, userIdParam(ctx));
    if (!user) throw new HttpError(404, 'user not found');
    ctx.body = user;
  });

  router.patch('/users/:id', async (ctx) => {
    const id = userIdParam(ctx);
    await patchUser(s, id, ctx.state.body);
    const user = await loadAdminUser(db, id);
    if (!user) throw new HttpError(404, 'user not found');
    ctx.body = user;
  });

  router.delete('/users/:id', async (ctx) => {
    const id = userIdParam(ctx);
    await db.transaction(async (trx) => {
      if (!(await userExists(trx, id))) throw new HttpError(404, 'user not found');
      await deleteUser(trx, id);
    });
    ctx.status = 204;
  });

  return router;
}

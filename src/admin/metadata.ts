/** Admin `/users/{id}/metadata`: read and merge-patch the three metadata documents (rest-api.md §6.4). */
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  ensureUserMetadataRow,
  findUserMetadata,
  saveUserMetadata,
} from '../persistence/repositories/user-metadata.ts';
import { userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import {
  applyMetadataPatch,
  kindsOverLimit,
  limitMessage,
  type MetadataDocs,
  MetadataPatchError,
  metadataView,
  parseMetadataPatch,
} from '../users/metadata.ts';
import { badRequest, pathUuid } from './validate.ts';

function respond(ctx: Context, docs: MetadataDocs): void {
  const view = metadataView(docs);
  if (view) ctx.body = view;
  else ctx.status = 204;
}

export function metadataRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get('/users/:id/metadata', async (ctx) => {
    const userId = pathUuid(ctx.params.id, 'invalid user id');
    if (!(await userExists(db, userId))) throw new HttpError(404, 'user not found');
    respond(ctx, await findUserMetadata(db, userId));
  });

  router.patch('/users/:id/metadata', async (ctx) => {
    const userId = pathUuid(ctx.params.id, 'invalid user id');
    let patch: ReturnType<typeof parseMetadataPatch>;
    try {
      patch = parseMetadataPatch(ctx.state.body);
    } catch (err) {
      if (err instanceof MetadataPatchError) throw badRequest(err.message, true);
      throw err;
    }
    const now = s.now();
    const docs = await db.transaction(async (trx) => {
      if (!(await userExists(trx, userId))) throw new HttpError(404, 'user not found');
      await ensureUserMetadataRow(trx, userId, now);
      const next = applyMetadataPatch(await findUserMetadata(trx, userId, { forUpdate: true }), patch);
      const over = kindsOverLimit(next);
      if (over.length) throw new HttpError(400, limitMessage(over));
      await saveUserMetadata(trx, userId, next, now);
      return next;
    });
    respond(ctx, docs);
  });

  return router;
}

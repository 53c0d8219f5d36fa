/** Admin `/users/{user_id}/webauthn_credentials`: list, get and delete passkeys / security keys (§6.6). */
import Router from '@koa/router';
import { userExists } from '../persistence/repositories/users.ts';
import {
  deleteCredential,
  findCredential,
  listCredentialsOfUsers,
} from '../persistence/repositories/webauthn-credentials.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { loadDtoUserId } from './validate.ts';
import { credentialView } from './views.ts';

const PATH = '/users/:user_id/webauthn_credentials';

export function webauthnCredentialRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get(PATH, async (ctx) => {
    const userId = loadDtoUserId(ctx.params.user_id);
    if (!(await userExists(db, userId))) throw new HttpError(404);
    ctx.body = (await listCredentialsOfUsers(db, [userId])).map(credentialView);
  });

  router.get(`${PATH}/:credential_id`, async (ctx) => {
    const userId = loadDtoUserId(ctx.params.user_id);
    if (!(await userExists(db, userId))) throw new HttpError(404);
    const credential = await findCredential(db, ctx.params.credential_id!);
    if (!credential || credential.user_id !== userId)
      throw new HttpError(404, 'webauthn credential not found');
    ctx.body = credentialView(credential);
  });

  router.delete(`${PATH}/:credential_id`, async (ctx) => {
    const userId = loadDtoUserId(ctx.params.user_id);
    await db.transaction(async (trx) => {
      if (!(await userExists(trx, userId))) throw new HttpError(404);
      const credential = await findCredential(trx, ctx.params.credential_id!);
      if (!credential || credential.user_id !== userId)
        throw new HttpError(404, 'webauthn credential not found');
      await deleteCredential(trx, credential.id);
    });
    ctx.status = 204;
  });

  return router;
}

import Router from '@koa/router';
import type { Database } from '../persistence/db.ts';

/** `/health/alive` always answers; `/health/ready` also checks that the database answers. */
export function healthRoutes(db: Database): Router {
  const router = new Router();
  router.get('/health/alive', (ctx) => {
    ctx.body = { alive: true };
  });
  router.get('/health/ready', async (ctx) => {
    try {
      await db.knex.raw('select 1');
      ctx.body = { ready: true };
    } catch {
      ctx.status = 503;
      ctx.body = { ready: false };
    }
  });
  router.get('/', async (ctx) => {
    try {
      await db.knex('jwks').count({ n: '*' });
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>Hanko</title><p>API is running</p>';
    } catch {
      ctx.status = 500;
      ctx.type = 'text/html';
      ctx.body =
        '<!doctype html><title>Hanko</title><p>API is running, but the database cannot be reached</p>';
    }
  });
  return router;
}

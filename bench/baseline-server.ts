/**
 * The HTTP baseline: a Koa app with the same middleware stack as the public API (request id, request log,
 * error handler, CORS, JSON body) but no auth work; `/baseline` answers at once, `/baseline/query` does one
 * primary-key query on the same database. Started as a child process by bench/run.ts.
 */
import { createServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { exposedHeaders } from '../src/app/public.ts';
import { loadConfig } from '../src/config/load.ts';
import { listen, openConfiguredDatabase } from '../src/main.ts';
import { jsonBody } from '../src/server/body.ts';
import { cors } from '../src/server/cors.ts';
import { errorHandler } from '../src/server/error-handler.ts';
import { requestId } from '../src/server/request-id.ts';
import { requestLog } from '../src/server/request-log.ts';
import type { Services } from '../src/services.ts';
import { createLogger } from '../src/util/logger.ts';

const logger = createLogger();
const loaded = loadConfig({});
const { db, lock } = await openConfiguredDatabase(loaded, logger);
const app = new Koa();
app.use(requestId);
app.use(requestLog(logger, false));
app.use(errorHandler(logger));
app.use(
  cors({
    allowOrigins: loaded.config.server.public.cors.allow_origins,
    unsafeWildcard: false,
    exposeHeaders: exposedHeaders({ config: loaded.config } as Services),
  }),
);
app.use(jsonBody);
const router = new Router();
router.get('/baseline', (ctx) => {
  ctx.body = { ok: true };
});
router.get('/baseline/query', async (ctx) => {
  const row = await db
    .knex('users')
    .where({ id: String(ctx.query.id) })
    .first('id');
  ctx.body = { ok: !!row };
});
app.use(router.routes());
const server = createServer(app.callback());
await listen(server, loaded.config.server.public.address);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  server.close(async () => {
    await db.close();
    lock?.release();
    process.exit(0);
  });
  server.closeIdleConnections();
});

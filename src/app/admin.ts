import Koa from 'koa';
import { healthRoutes } from '../handlers/health.ts';
import { jsonBody } from '../server/body.ts';
import { errorHandler } from '../server/error-handler.ts';
import { requestId } from '../server/request-id.ts';
import { requestLog } from '../server/request-log.ts';
import type { Services } from '../services.ts';
import { mount } from './mount.ts';

/** The admin API: no CORS (it is not meant for browsers), optional bearer API keys. */
export function createAdminApp(s: Services): Koa {
  const app = new Koa();
  app.use(requestId);
  app.use(requestLog(s.logger, s.config.log.log_health_and_metrics));
  app.use(errorHandler(s.logger));
  app.use(jsonBody);
  mount(app, [healthRoutes(s.db)]);
  return app;
}

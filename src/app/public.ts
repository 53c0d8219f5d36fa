import Koa from 'koa';
import { flowRoutes } from '../handlers/flow.ts';
import { healthRoutes } from '../handlers/health.ts';
import { logoutRoutes } from '../handlers/logout.ts';
import { meRoutes } from '../handlers/me.ts';
import { sessionValidateRoutes } from '../handlers/sessions.ts';
import { userRoutes } from '../handlers/users.ts';
import { jwksRoutes } from '../handlers/well-known.ts';
import { wellKnownConfigRoutes } from '../handlers/well-known-config.ts';
import { metricsMiddleware } from '../metrics/metrics.ts';
import { jsonBody } from '../server/body.ts';
import { cors } from '../server/cors.ts';
import { errorHandler } from '../server/error-handler.ts';
import { requestId } from '../server/request-id.ts';
import { requestLog } from '../server/request-log.ts';
import type { Services } from '../services.ts';
import { mount } from './mount.ts';

/** Headers the frontend SDK reads from responses (flow-api.md §1.12–1.14). */
export function exposedHeaders(s: Services): string[] {
  const h = [
    'Retry-After',
    'X-RateLimit-Limit',
    'X-RateLimit-Remaining',
    'X-RateLimit-Reset',
    'X-Session-Lifetime',
    'X-Session-Retention',
    'X-Request-Id',
  ];
  if (s.config.session.enable_auth_token_header) h.push('X-Auth-Token');
  return h;
}

export function createPublicApp(s: Services): Koa {
  const app = new Koa({ proxy: s.config.server.ip?.extractor !== 'direct' && !!s.config.server.ip });
  app.use(requestId);
  app.use(metricsMiddleware('public'));
  app.use(requestLog(s.logger, s.config.log.log_health_and_metrics));
  app.use(errorHandler(s.logger));
  app.use(
    cors({
      allowOrigins: s.config.server.public.cors.allow_origins,
      unsafeWildcard: s.config.server.public.cors.unsafe_wildcard_origin_allowed,
      exposeHeaders: exposedHeaders(s),
    }),
  );
  // The flow API reads its own body: a malformed one is a flow error, not a plain 400.
  mount(app, [flowRoutes(s)]);
  app.use(jsonBody);
  mount(app, [
    healthRoutes(s.db),
    jwksRoutes(s.jwks),
    wellKnownConfigRoutes(s.config),
    sessionValidateRoutes(s),
    meRoutes(s),
    userRoutes(s),
    logoutRoutes(s),
  ]);
  return app;
}

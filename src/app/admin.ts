import Koa from 'koa';
import { apiKeyAuth } from '../admin/api-keys.ts';
import { auditLogRoutes } from '../admin/audit-logs.ts';
import { emailRoutes } from '../admin/emails.ts';
import { metadataRoutes } from '../admin/metadata.ts';
import { otpRoutes } from '../admin/otp.ts';
import { passwordRoutes } from '../admin/password.ts';
import { sessionRoutes } from '../admin/sessions.ts';
import { userRoutes } from '../admin/users.ts';
import { webauthnCredentialRoutes } from '../admin/webauthn-credentials.ts';
import { webhookRoutes } from '../admin/webhooks.ts';
import { healthRoutes } from '../handlers/health.ts';
import { metricsMiddleware, metricsRoutes } from '../metrics/metrics.ts';
import { jsonBody } from '../server/body.ts';
import { errorHandler } from '../server/error-handler.ts';
import { requestId } from '../server/request-id.ts';
import { requestLog } from '../server/request-log.ts';
import type { Services } from '../services.ts';
import { mount } from './mount.ts';

/** The admin API (rest-api.md §6): no CORS (it is not meant for browsers), optional bearer API keys. */
export function createAdminApp(s: Services): Koa {
  const app = new Koa();
  app.use(requestId);
  app.use(metricsMiddleware('admin'));
  app.use(requestLog(s.logger, s.config.log.log_health_and_metrics));
  app.use(errorHandler(s.logger));
  app.use(apiKeyAuth(s.config.server.admin.api_keys ?? []));
  app.use(jsonBody);
  mount(app, [
    healthRoutes(s.db),
    metricsRoutes(),
    userRoutes(s),
    metadataRoutes(s),
    emailRoutes(s),
    webauthnCredentialRoutes(s),
    passwordRoutes(s),
    sessionRoutes(s),
    otpRoutes(s),
    auditLogRoutes(s),
    webhookRoutes(s),
  ]);
  return app;
}

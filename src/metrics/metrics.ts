/**
 * Prometheus metrics, served by the admin API at `GET /metrics`. One registry per process, separate from
 * prom-client's global one; metrics are created once here, so any number of apps (tests) can share them.
 *
 * Counters other modules increment (label names are fixed; a label may be left out, an unknown one throws):
 * - `flowActionsTotal.inc({ flow, action, result })`: flow actions run (`result`: `success` or an error code);
 * - `mailsSentTotal.inc({ template })` / `mailsFailedTotal.inc({ template })`: mails handed to / refused by SMTP.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpLabels = ['server', 'method', 'route', 'status'] as const;

export const httpRequestsTotal = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by server, method, route pattern and status',
  labelNames: httpLabels,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer HTTP requests, by server, method, route pattern and status',
  labelNames: httpLabels,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const flowActionsTotal = new Counter({
  name: 'hanko_flow_actions_total',
  help: 'Flow API actions run, by flow, action and result',
  labelNames: ['flow', 'action', 'result'] as const,
  registers: [registry],
});

export const mailsSentTotal = new Counter({
  name: 'hanko_mails_sent_total',
  help: 'Mails accepted by the SMTP server, by template',
  labelNames: ['template'] as const,
  registers: [registry],
});

export const mailsFailedTotal = new Counter({
  name: 'hanko_mails_failed_total',
  help: 'Mails that could not be sent, by template',
  labelNames: ['template'] as const,
  registers: [registry],
});

/**
 * Counts and times every request. The route label is the matched route pattern (`/users/:id`), never the raw
 * path, so ids do not multiply the series; requests no route matched share the label `unmatched`.
 * Put it outside the error handler so the final status is recorded.
 */
export function metricsMiddleware(server: 'public' | 'admin'): Middleware {
  return async (ctx, next) => {
    const stop = httpRequestDuration.startTimer();
    try {
      await next();
    } finally {
      const labels = {
        server,
        method: ctx.method,
        route: (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched',
        status: String(ctx.status),
      };
      stop(labels);
      httpRequestsTotal.inc(labels);
    }
  };
}

/** `GET /metrics` in the Prometheus text format. */
export function metricsRoutes(): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    ctx.set('Content-Type', registry.contentType);
    ctx.body = await registry.metrics();
  });
  return router;
}

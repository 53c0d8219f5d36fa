import type { Middleware } from 'koa';
import type { Logger } from '../util/logger.ts';

/** One structured line per request; health and metrics only when `log.log_health_and_metrics`. */
export function requestLog(logger: Logger, logHealth: boolean): Middleware {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const quiet = ctx.path.startsWith('/health/') || ctx.path === '/metrics';
      if (!quiet || logHealth) {
        logger.info(
          {
            requestId: ctx.state.requestId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: Number(process.hrtime.bigint() - start) / 1e6,
          },
          'request',
        );
      }
    }
  };
}

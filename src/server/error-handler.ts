import type { Middleware } from 'koa';
import type { Logger } from '../util/logger.ts';
import { errorBody, HttpError } from './http-error.ts';

/**
 * Outermost middleware: every failure leaves as upstream's JSON error body. Unexpected errors are logged with
 * their stack and answered with a bare 500; nothing internal reaches the client.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404);
    } catch (err) {
      let status = 500;
      let message: string | undefined;
      if (err instanceof HttpError) {
        status = err.status;
        message = err.message;
        for (const [k, v] of Object.entries(err.headers)) ctx.set(k, v);
      } else if (isClientError(err)) {
        status = (err as { status: number }).status;
      } else {
        logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
      }
      ctx.status = status;
      ctx.body = ctx.method === 'HEAD' ? undefined : errorBody(status, message);
    }
  };
}

function isClientError(err: unknown): boolean {
  const s = (err as { status?: unknown; expose?: unknown })?.status;
  return typeof s === 'number' && s >= 400 && s < 500;
}

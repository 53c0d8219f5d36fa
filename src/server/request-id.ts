import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

const VALID = /^[\w.:-]{1,128}$/;

/** Every response carries X-Request-Id: the client's if it sent a sane one, else a new UUID. */
export const requestId: Middleware = async (ctx, next) => {
  const given = ctx.get('X-Request-Id');
  const id = given && VALID.test(given) ? given : randomUUID();
  ctx.state.requestId = id;
  ctx.set('X-Request-Id', id);
  await next();
};

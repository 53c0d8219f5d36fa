import type { Middleware } from 'koa';
import { HttpError } from './http-error.ts';

const MAX_BYTES = 256 * 1024;

/**
 * JSON request bodies: `application/json` only (415 otherwise for a non-empty body), a size cap (413), and
 * upstream-style 400 messages for malformed JSON. An empty body parses to `{}`.
 */
export const jsonBody: Middleware = async (ctx, next) => {
  if (['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(ctx.method) && !ctx.request.length) {
    ctx.state.body = {};
    return next();
  }
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > MAX_BYTES) throw new HttpError(413, 'Request Entity Too Large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new HttpError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    ctx.state.body = {};
    return next();
  }
  if (!ctx.is('application/json')) throw new HttpError(415, 'Unsupported Media Type');
  try {
    ctx.state.body = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `Syntax error: ${(err as Error).message}`);
  }
  await next();
};

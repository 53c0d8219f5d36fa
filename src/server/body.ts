import type { Middleware } from 'koa';
import { jsonHasUnstorableChars } from '../util/text.ts';
import { HttpError } from './http-error.ts';

export const MAX_BYTES = 256 * 1024;

/** Reads the raw request body as text, refusing more than `max` bytes (413). */
export async function readBodyText(
  ctx: { req: AsyncIterable<unknown>; get(h: string): string },
  max = MAX_BYTES,
): Promise<string> {
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > max) throw new HttpError(413, 'Request Entity Too Large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, 'Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * JSON request bodies: `application/json` only (415 otherwise for a non-empty body), a size cap (413), and
 * upstream-style 400 messages for malformed JSON. An empty body parses to `{}`.
 */
export const jsonBody: Middleware = async (ctx, next) => {
  if (['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(ctx.method) && !ctx.request.length) {
    ctx.state.body = {};
    return next();
  }
  const text = await readBodyText(ctx);
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
  if (jsonHasUnstorableChars(ctx.state.body)) {
    throw new HttpError(400, 'the request body contains NUL characters or unpaired surrogates');
  }
  await next();
};

/**
 * Optional bearer API keys for the admin API (`server.admin.api_keys`, a hanko-ts extension; upstream's admin
 * API has no authentication). With no keys configured every request passes. Otherwise every request except
 * `/health/*` must send `Authorization: Bearer <key>` for one of the keys, else 401.
 *
 * Both sides are hashed with SHA-256 before a constant-time comparison, so neither the length nor the content
 * of a key leaks through timing, and every key is compared on every request.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from '../server/http-error.ts';

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function apiKeyAuth(keys: string[]): Middleware {
  const digests = keys.map(sha256);
  return async (ctx, next) => {
    if (digests.length === 0 || ctx.path.startsWith('/health/')) return next();
    const match = /^Bearer\s+(.+)$/i.exec(ctx.get('Authorization'));
    const given = sha256(match?.[1]?.trim() ?? '');
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    if (!match || !ok) throw new HttpError(401);
    await next();
  };
}

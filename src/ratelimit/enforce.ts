import type { Context } from 'koa';
import { HttpError } from '../server/http-error.ts';
import type { RateLimiter, RateLimitResult } from './limiters.ts';

/**
 * Legacy REST style (rest-api.md §2.5): `X-RateLimit-Limit/-Remaining/-Reset` on every limited request and
 * `429 Too Many Requests` with `Retry-After` when the bucket is empty. Does nothing when limiting is off
 * (a limit of 0).
 */
export async function enforceRateLimit(
  ctx: Context,
  limiter: RateLimiter,
  key: string,
): Promise<RateLimitResult> {
  const r = await limiter.consume(key);
  if (r.limit === 0) return r;
  ctx.set('X-RateLimit-Limit', String(r.limit));
  ctx.set('X-RateLimit-Remaining', String(r.remaining));
  ctx.set('X-RateLimit-Reset', String(r.resetSeconds));
  if (!r.allowed) throw new HttpError(429, undefined, { 'Retry-After': String(r.retryAfterSeconds) });
  return r;
}

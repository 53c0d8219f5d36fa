import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config, RateLimits } from '../config/types.ts';
import { parseDuration } from '../util/duration.ts';
import type { Logger } from '../util/logger.ts';
import { closeRedisClient, createRedisClient } from './redis.ts';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until a token is available again: 0 when allowed, at least 1 when not. */
  retryAfterSeconds: number;
  /** Tokens left in the current window after this request. */
  remaining: number;
  /** Tokens per window. */
  limit: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

export interface RateLimiter {
  /** Takes one token from the bucket `key`. Store failures (Redis down) are thrown. */
  consume(key: string): Promise<RateLimitResult>;
}

export type LimitName = 'passcode' | 'password' | 'otp' | 'token';

export interface RateLimiters extends Record<LimitName, RateLimiter> {
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Prefix of every bucket key in the store (default `hanko_rl`). */
  keyPrefix?: string;
  logger?: Logger;
}

const LIMITS: Record<LimitName, keyof Config['rate_limiter']> = {
  passcode: 'passcode_limits',
  password: 'password_limits',
  otp: 'otp_limits',
  token: 'token_limits',
};

const unlimited: RateLimiter = {
  consume: async () => ({ allowed: true, retryAfterSeconds: 0, remaining: 0, limit: 0, resetSeconds: 0 }),
};

type Flexible = RateLimiterMemory | RateLimiterRedis;

function wrap(limiter: Flexible, limit: number): RateLimiter {
  const result = (res: RateLimiterRes, allowed: boolean): RateLimitResult => {
    const reset = Math.max(0, Math.ceil(res.msBeforeNext / 1000));
    return {
      allowed,
      retryAfterSeconds: allowed ? 0 : Math.max(1, reset),
      remaining: res.remainingPoints,
      limit,
      resetSeconds: reset,
    };
  };
  return {
    async consume(key) {
      try {
        return result(await limiter.consume(key, 1), true);
      } catch (err) {
        if (err instanceof RateLimiterRes) return result(err, false);
        throw err;
      }
    },
  };
}

/**
 * The four limiters of `rate_limiter.*` (config.md §2.17): fixed windows of `tokens` per `interval` (whole
 * seconds, at least one), kept in memory or in Redis. With `rate_limiter.enabled: false` nothing is limited.
 */
export function createRateLimiters(config: Config, opts: RateLimiterOptions = {}): RateLimiters {
  const cfg = config.rate_limiter;
  if (!cfg.enabled) {
    return {
      passcode: unlimited,
      password: unlimited,
      otp: unlimited,
      token: unlimited,
      close: async () => {},
    };
  }
  const prefix = opts.keyPrefix ?? 'hanko_rl';
  const redis: Redis | undefined =
    cfg.store === 'redis' ? createRedisClient(cfg.redis_config, opts.logger) : undefined;
  const build = (name: LimitName): RateLimiter => {
    const limits = cfg[LIMITS[name]] as RateLimits;
    const points = limits.tokens;
    const duration = Math.max(1, Math.ceil(parseDuration(limits.interval) / 1000));
    const keyPrefix = `${prefix}:${name}`;
    const limiter = redis
      ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix })
      : new RateLimiterMemory({ points, duration, keyPrefix });
    return wrap(limiter, points);
  };
  return {
    passcode: build('passcode'),
    password: build('password'),
    otp: build('otp'),
    token: build('token'),
    close: async () => {
      if (redis) await closeRedisClient(redis);
    },
  };
}

import { Redis } from 'ioredis';
import type { RedisConfig } from '../config/types.ts';
import type { Logger } from '../util/logger.ts';

export interface RedisAddress {
  host: string;
  port: number;
  db: number;
}

/** `host[:port][/db]` (also `[v6]:port` and an optional `redis://` prefix); port 6379 and db 0 by default. */
export function parseRedisAddress(address: string): RedisAddress {
  const m = /^(?:redis:\/\/)?(?:\[([^\]]+)\]|([^:/]+))(?::(\d{1,5}))?(?:\/(\d+))?\/?$/.exec(address.trim());
  if (!m) throw new Error(`rate_limiter.redis_config.address: "${address}" is not host[:port][/db]`);
  return { host: (m[1] ?? m[2]) as string, port: m[3] ? Number(m[3]) : 6379, db: m[4] ? Number(m[4]) : 0 };
}

/**
 * A Redis client for the rate limiter. Requests fail after a couple of reconnect attempts instead of waiting
 * forever while Redis is down; connection errors are logged, not thrown at the process.
 */
export function createRedisClient(cfg: RedisConfig, logger?: Logger): Redis {
  const { host, port, db } = parseRedisAddress(cfg.address ?? '');
  const client = new Redis({
    host,
    port,
    db,
    ...(cfg.password ? { password: cfg.password } : {}),
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
  });
  client.on('error', (err: Error) =>
    logger?.warn({ err: err.message }, 'rate limiter: redis connection error'),
  );
  return client;
}

/** Closes politely when connected, at once otherwise. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}

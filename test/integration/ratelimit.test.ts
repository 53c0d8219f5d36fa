/**
 * Rate limiters against their real stores: memory always, Redis when TEST_REDIS_ADDRESS is set (e.g.
 * `127.0.0.1:6379`). No database is involved, so there is no dialect loop. Every run uses its own key prefix.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import { enforceRateLimit } from '../../src/ratelimit/enforce.ts';
import { createRateLimiters, type RateLimiters } from '../../src/ratelimit/limiters.ts';
import { parseRedisAddress } from '../../src/ratelimit/redis.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { createLogger } from '../../src/util/logger.ts';
import { listenOn, type RawConfig, testConfig } from '../helpers/app.ts';

const logger = createLogger({ level: 'silent' });
const redisAddress = process.env.TEST_REDIS_ADDRESS;

const limits = (store: 'in_memory' | 'redis', extra: RawConfig = {}): RawConfig => ({
  rate_limiter: {
    enabled: true,
    store,
    ...(store === 'redis' ? { redis_config: { address: redisAddress } } : {}),
    passcode_limits: { tokens: 3, interval: '1m' },
    password_limits: { tokens: 2, interval: '1m' },
    otp_limits: { tokens: 1, interval: '1s' },
    token_limits: { tokens: 3, interval: '90s' },
    ...extra,
  },
});

function storeSuite(store: 'in_memory' | 'redis') {
  describe(`rate limiters (${store})`, { skip: store === 'redis' && !redisAddress }, () => {
    const prefix = `hanko_test_${randomUUID()}`;
    const opened: RateLimiters[] = [];
    const open = (extra: RawConfig = {}) => {
      const l = createRateLimiters(testConfig(limits(store, extra)), { keyPrefix: prefix, logger });
      opened.push(l);
      return l;
    };
    after(async () => {
      for (const l of opened) await l.close();
    });

    it('allows `tokens` requests per window, then refuses with a retry-after', async () => {
      const rl = open();
      const key = `passcode/127.0.0.1/${randomUUID()}@example.com`;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await rl.passcode.consume(key));
      assert.deepEqual(
        results.map((r) => [r.allowed, r.remaining, r.limit]),
        [
          [true, 2, 3],
          [true, 1, 3],
          [true, 0, 3],
          [false, 0, 3],
          [false, 0, 3],
        ],
      );
      for (const r of results.slice(0, 3)) assert.equal(r.retryAfterSeconds, 0);
      for (const r of results.slice(3)) {
        assert.ok(
          r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 60,
          `retry after ${r.retryAfterSeconds}`,
        );
        assert.equal(r.retryAfterSeconds, r.resetSeconds);
      }
      assert.ok(results[0]!.resetSeconds >= 1 && results[0]!.resetSeconds <= 60);
    });

    it('keeps buckets apart by key and by limit', async () => {
      const rl = open();
      const key = `password/10.0.0.1/${randomUUID()}`;
      assert.equal((await rl.password.consume(key)).allowed, true);
      assert.equal((await rl.password.consume(key)).allowed, true);
      assert.equal((await rl.password.consume(key)).allowed, false);
      assert.equal((await rl.password.consume(`${key}x`)).allowed, true, 'another key has its own bucket');
      assert.equal((await rl.passcode.consume(key)).allowed, true, 'another limit has its own bucket');
      const tok = await rl.token.consume(key);
      assert.equal(tok.limit, 3);
      assert.ok(tok.resetSeconds > 60 && tok.resetSeconds <= 90, 'interval 90s');
    });

    it('starts a new window after the interval', async () => {
      const rl = open();
      const key = `otp/10.0.0.2/${randomUUID()}`;
      assert.equal((await rl.otp.consume(key)).allowed, true);
      const refused = await rl.otp.consume(key);
      assert.equal(refused.allowed, false);
      assert.equal(refused.retryAfterSeconds, 1);
      await sleep(1300);
      assert.equal((await rl.otp.consume(key)).allowed, true);
    });

    if (store === 'redis') {
      it('shares buckets between instances through Redis', async () => {
        const a = open();
        const b = open();
        const key = `token_exchange/${randomUUID()}`;
        assert.equal((await a.token.consume(key)).remaining, 2);
        assert.equal((await b.token.consume(key)).remaining, 1);
        assert.equal((await a.token.consume(key)).remaining, 0);
        assert.equal((await b.token.consume(key)).allowed, false);
      });

      it('fails loudly, not silently, when Redis cannot be reached', async () => {
        const rl = createRateLimiters(
          testConfig({
            rate_limiter: { enabled: true, store: 'redis', redis_config: { address: '127.0.0.1:1' } },
          }),
          { keyPrefix: prefix, logger },
        );
        try {
          await assert.rejects(rl.password.consume('k'));
        } finally {
          await rl.close();
        }
      });
    }
  });
}

storeSuite('in_memory');
storeSuite('redis');

describe('rate limiters (disabled)', () => {
  it('never limits', async () => {
    const rl = createRateLimiters(
      testConfig({ rate_limiter: { enabled: false, passcode_limits: { tokens: 1 } } }),
    );
    for (let i = 0; i < 10; i++) assert.equal((await rl.passcode.consume('same')).allowed, true);
    await rl.close();
  });
});

describe('legacy rate-limit responses', () => {
  it('sets X-RateLimit-* headers and answers 429 with Retry-After', async () => {
    const rl = createRateLimiters(testConfig(limits('in_memory')), { keyPrefix: randomUUID() });
    const app = new Koa();
    app.use(errorHandler(logger));
    app.use(async (ctx) => {
      await enforceRateLimit(ctx, rl.password, `/password/login/${ctx.ip}`);
      ctx.status = 204;
    });
    const server = await listenOn(app);
    try {
      const first = await fetch(server.url);
      assert.equal(first.status, 204);
      assert.equal(first.headers.get('x-ratelimit-limit'), '2');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '1');
      assert.ok(Number(first.headers.get('x-ratelimit-reset')) > 0);
      await fetch(server.url);
      const limited = await fetch(server.url);
      assert.equal(limited.status, 429);
      assert.deepEqual(await limited.json(), { code: 429, message: 'Too Many Requests' });
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60);
    } finally {
      server.server.closeAllConnections();
      await new Promise((r) => server.server.close(r));
      await rl.close();
    }
  });
});

describe('redis address', () => {
  it('parses host[:port][/db]', () => {
    assert.deepEqual(parseRedisAddress('cache'), { host: 'cache', port: 6379, db: 0 });
    assert.deepEqual(parseRedisAddress('10.0.0.5:6380'), { host: '10.0.0.5', port: 6380, db: 0 });
    assert.deepEqual(parseRedisAddress('cache:6379/3'), { host: 'cache', port: 6379, db: 3 });
    assert.deepEqual(parseRedisAddress('[::1]:7000/1'), { host: '::1', port: 7000, db: 1 });
    assert.deepEqual(parseRedisAddress('redis://cache/2'), { host: 'cache', port: 6379, db: 2 });
    assert.throws(() => parseRedisAddress('cache:port'));
    assert.throws(() => parseRedisAddress(''));
  });
});

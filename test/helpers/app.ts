import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type Koa from 'koa';
import { createAdminApp } from '../../src/app/admin.ts';
import { createPublicApp } from '../../src/app/public.ts';
import { createAuditLogger } from '../../src/audit/audit-log.ts';
import { buildConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';
import { JwkManager } from '../../src/crypto/jwk-manager.ts';
import { createPasswordHasher } from '../../src/crypto/password.ts';
import { createMailService } from '../../src/mail/service.ts';
import type { Dialect } from '../../src/persistence/db.ts';
import { createRateLimiters } from '../../src/ratelimit/limiters.ts';
import type { Services } from '../../src/services.ts';
import { createLogger } from '../../src/util/logger.ts';
import { createTestDatabase, TEST_SECRET } from './db.ts';

const devNull = new Writable({ write: (_c, _e, cb) => cb() });

export type RawConfig = Record<string, unknown>;

/** Deep-merges b into a (objects only; arrays and scalars replace). */
export function merge(a: RawConfig, b: RawConfig): RawConfig {
  const out: RawConfig = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      typeof v === 'object' && v && !Array.isArray(v) && typeof cur === 'object' && cur && !Array.isArray(cur)
        ? merge(cur as RawConfig, v as RawConfig)
        : v;
  }
  return out;
}

export function testConfig(overrides: RawConfig = {}): Config {
  const base: RawConfig = {
    secrets: { keys: [TEST_SECRET] },
    email_delivery: { enabled: false },
    audit_log: { console_output: { enabled: false }, storage: { enabled: true } },
    rate_limiter: { enabled: false },
  };
  return buildConfig(merge(base, overrides)).config;
}

export interface TestServer {
  url: string;
  server: Server;
}

export async function listenOn(app: Koa): Promise<TestServer> {
  const server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

export interface TestRuntime {
  services: Services;
  publicUrl: string;
  adminUrl: string;
  close(): Promise<void>;
}

/** A complete server (public + admin) on a fresh database of the given dialect. */
export async function startTestRuntime(dialect: Dialect, overrides: RawConfig = {}): Promise<TestRuntime> {
  const config = testConfig(overrides);
  const { db, drop } = await createTestDatabase(dialect);
  const jwks = await JwkManager.open(db.knex, config.secrets.keys ?? [TEST_SECRET]);
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const now = () => new Date();
  const services: Services = {
    config,
    db,
    jwks,
    logger,
    now,
    secrets: config.secrets.keys ?? [TEST_SECRET],
    audit: createAuditLogger(config, now, { stdout: devNull, stderr: devNull }),
    passwords: createPasswordHasher(config),
    rateLimiters: createRateLimiters(config, { keyPrefix: `hanko_test_${randomUUID()}`, logger }),
    mail: createMailService({ config, db, logger, now }),
  };
  const pub = await listenOn(createPublicApp(services));
  const admin = await listenOn(createAdminApp(services));
  return {
    services,
    publicUrl: pub.url,
    adminUrl: admin.url,
    close: async () => {
      pub.server.closeAllConnections();
      admin.server.closeAllConnections();
      await Promise.all([new Promise((r) => pub.server.close(r)), new Promise((r) => admin.server.close(r))]);
      await services.mail.stop();
      await services.rateLimiters.close();
      await drop();
    },
  };
}

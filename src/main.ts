import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createAdminApp } from './app/admin.ts';
import { createPublicApp } from './app/public.ts';
import { createAuditLogger } from './audit/audit-log.ts';
import { resolveDatabase } from './config/database.ts';
import { ConfigError } from './config/errors.ts';
import { type LoadedConfig, loadConfig } from './config/load.ts';
import { createSigningJwk, JwkManager } from './crypto/jwk-manager.ts';
import { createPasswordHasher } from './crypto/password.ts';
import { createMailService, type MailService } from './mail/service.ts';
import { DataDirLock, loadOrCreateSecret } from './persistence/data-dir.ts';
import { type Database, openDatabase } from './persistence/db.ts';
import { migrateUp, pendingMigrations } from './persistence/migrate.ts';
import { createRateLimiters, type RateLimiters } from './ratelimit/limiters.ts';
import type { Services } from './services.ts';
import { createLogger, type Logger } from './util/logger.ts';

export interface BootstrapOptions {
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  autoMigrate?: boolean;
  logger?: Logger;
  /** Skip creating/loading signing keys (for commands that only touch the schema). */
  withoutKeys?: boolean;
}

export interface Runtime {
  services: Services;
  loaded: LoadedConfig;
  close(): Promise<void>;
}

/** Opens the configured database (the embedded one when none is configured), locked and migrated. */
export async function openConfiguredDatabase(
  loaded: LoadedConfig,
  logger: Logger,
): Promise<{ db: Database; lock?: DataDirLock; dataDir?: string }> {
  const opts = resolveDatabase(loaded.config, loaded.databaseConfigured);
  if (opts.dialect !== 'pglite') return { db: await openDatabase(opts) };
  const dataDir = opts.dataDir ?? './data';
  const lock = DataDirLock.acquire(dataDir);
  try {
    const db = await openDatabase({ ...opts, dataDir: path.join(dataDir, 'pgdata') });
    logger.info({ dataDir: path.resolve(dataDir) }, 'using the embedded database (PGlite)');
    return { db, lock, dataDir };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export async function bootstrap(opts: BootstrapOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger();
  const loaded = loadConfig({
    ...(opts.configFile ? { file: opts.configFile } : {}),
    env: opts.env ?? process.env,
  });
  for (const w of loaded.warnings) logger.warn(w);
  const { config } = loaded;
  // A new embedded database also needs a new signing key: generate it (on the thread pool) while the
  // database initialises instead of afterwards.
  const embeddedDir = resolveDatabase(config, loaded.databaseConfigured);
  const freshEmbedded =
    embeddedDir.dialect === 'pglite' && !existsSync(path.join(embeddedDir.dataDir ?? './data', 'pgdata'));
  const pregenerated = freshEmbedded && !opts.withoutKeys ? createSigningJwk() : undefined;
  pregenerated?.catch(() => {});
  const { db, lock, dataDir } = await openConfiguredDatabase(loaded, logger);
  let rateLimiters: RateLimiters | undefined;
  let mail: MailService | undefined;
  const close = async () => {
    await mail?.stop();
    await rateLimiters?.close();
    await db.close();
    lock?.release();
  };
  try {
    let secrets = config.secrets.keys ?? [];
    if (secrets.length === 0) {
      if (!dataDir)
        throw new ConfigError('secrets.keys', 'is required: at least one key of 16 or more characters');
      const { secret, created } = loadOrCreateSecret(dataDir);
      secrets = [secret];
      logger.warn(
        { file: path.join(path.resolve(dataDir), 'secret') },
        created
          ? 'no secrets.keys configured: generated a random secret and stored it in the data directory'
          : 'no secrets.keys configured: using the secret stored in the data directory',
      );
    }
    const pending = await pendingMigrations(db.knex);
    if (pending.length > 0) {
      if (db.dialect === 'pglite' || opts.autoMigrate) {
        const applied = await migrateUp(db.knex);
        logger.info({ count: applied.length }, 'applied database migrations');
      } else {
        throw new ConfigError(
          '',
          `the database schema is behind (${pending.length} pending migrations): run "hanko migrate up" first, or start with --auto-migrate`,
        );
      }
    }
    const jwks = await JwkManager.open(db.knex, secrets, pregenerated);
    const now = () => new Date();
    rateLimiters = createRateLimiters(config, { logger });
    const services: Services = {
      config,
      db,
      jwks,
      logger,
      now,
      secrets,
      audit: createAuditLogger(config, now),
      passwords: createPasswordHasher(config),
      rateLimiters,
      mail: createMailService({ config, db, logger, now }),
    };
    mail = services.mail;
    return { services, loaded, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** `host:port`, `:port` or `[v6]:port` → listen arguments. */
export function parseAddress(address: string): { host?: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address.trim());
  if (!m) throw new ConfigError('server.address', `"${address}" is not host:port`);
  const host = m[1] ?? m[2];
  return { ...(host ? { host } : {}), port: Number(m[3]) };
}

export async function listen(server: Server, address: string): Promise<void> {
  const { host, port } = parseAddress(address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export type ServeTarget = 'public' | 'admin' | 'all';

/** Starts the servers and wires SIGTERM/SIGINT to a graceful stop. */
export async function serve(
  target: ServeTarget,
  opts: BootstrapOptions = {},
): Promise<{ stop(): Promise<void> }> {
  const runtime = await bootstrap(opts);
  const { services } = runtime;
  const servers: Server[] = [];
  try {
    if (target !== 'admin') {
      const s = createServer(createPublicApp(services).callback());
      await listen(s, services.config.server.public.address);
      servers.push(s);
      services.logger.info({ address: services.config.server.public.address }, 'public API listening');
    }
    if (target !== 'public') {
      const s = createServer(createAdminApp(services).callback());
      await listen(s, services.config.server.admin.address);
      servers.push(s);
      services.logger.info({ address: services.config.server.admin.address }, 'admin API listening');
    }
  } catch (err) {
    for (const s of servers) s.close();
    await runtime.close();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      services.logger.info('shutting down: finishing in-flight requests');
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeIdleConnections();
            }),
        ),
      );
      await runtime.close();
      services.logger.info('stopped');
    })();
    return stopping;
  };
  return { stop };
}

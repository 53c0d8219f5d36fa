import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.ts';
import { loadConfig } from '../config/load.ts';
import { redactConfig } from '../config/redact.ts';
import { createSigningJwk } from '../crypto/jwk-manager.ts';
import { bootstrap, openConfiguredDatabase, parseAddress, type ServeTarget, serve } from '../main.ts';
import { migrateDown, migrateUp } from '../persistence/migrate.ts';
import { createLogger } from '../util/logger.ts';
import { projectFile } from '../util/paths.ts';

type Flags = { config?: string; 'auto-migrate'?: boolean; pretty?: string };
type Command = (args: string[], flags: Flags) => Promise<number>;

const cfgOpts = (flags: Flags) => (flags.config ? { configFile: flags.config } : {});

export const version = (): string =>
  (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version;

export const commands: Record<string, Command> = {
  serve: async (args, flags) => {
    const target = args[0];
    if (target !== 'public' && target !== 'admin' && target !== 'all') {
      throw new ConfigError('', 'usage: hanko serve public|admin|all');
    }
    const { stop } = await serve(target as ServeTarget, {
      ...cfgOpts(flags),
      autoMigrate: !!flags['auto-migrate'],
    });
    const onSignal = () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    return -1; // keep running
  },

  migrate: async ([direction, steps], flags) => {
    const logger = createLogger();
    const loaded = loadConfig({ ...(flags.config ? { file: flags.config } : {}) });
    for (const w of loaded.warnings) logger.warn(w);
    if (direction !== 'up' && direction !== 'down')
      throw new ConfigError('', 'migrate needs "up" or "down N"');
    let n = Number.POSITIVE_INFINITY;
    if (direction === 'down') {
      if (steps === undefined || !/^\d+$/.test(steps))
        throw new ConfigError('', 'migrate down needs a number of steps');
      n = Number(steps);
    }
    const { db, lock } = await openConfiguredDatabase(loaded, logger);
    try {
      const names = direction === 'up' ? await migrateUp(db.knex) : await migrateDown(db.knex, n);
      for (const name of names)
        process.stdout.write(`${direction === 'up' ? 'applied' : 'rolled back'} ${name}\n`);
      process.stdout.write(
        `${names.length} migration(s) ${direction === 'up' ? 'applied' : 'rolled back'}\n`,
      );
    } finally {
      await db.close();
      lock?.release();
    }
    return 0;
  },

  jwk: async ([sub]) => {
    if (sub !== 'create') throw new ConfigError('', 'usage: hanko jwk create');
    process.stdout.write(`${JSON.stringify(await createSigningJwk('key1'))}\n`);
    return 0;
  },

  jwt: async ([sub, userId], flags) => {
    if (sub !== 'create' || !userId) throw new ConfigError('', 'usage: hanko jwt create <user_id>');
    const runtime = await bootstrap({ ...cfgOpts(flags), logger: createLogger({ level: 'warn' }) });
    try {
      const { issueCliToken } = await import('./jwt-create.ts');
      const { token, payload } = await issueCliToken(runtime.services, userId);
      process.stdout.write(`Token: ${token}\n`);
      if (flags.pretty !== 'false')
        process.stdout.write(`JWT payload: ${JSON.stringify(payload, null, 2)}\n`);
    } finally {
      await runtime.close();
    }
    return 0;
  },

  config: async ([sub], flags) => {
    if (sub !== 'show') throw new ConfigError('', 'usage: hanko config show');
    const loaded = loadConfig({ ...(flags.config ? { file: flags.config } : {}) });
    for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(`${JSON.stringify(redactConfig(loaded.config), null, 2)}\n`);
    return 0;
  },

  isready: async ([target], flags) => {
    if (target !== 'public' && target !== 'admin')
      throw new ConfigError('', 'usage: hanko isready public|admin');
    const { config } = loadConfig({ ...(flags.config ? { file: flags.config } : {}) });
    const { host, port } = parseAddress(config.server[target].address);
    const h =
      !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    try {
      const res = await fetch(`http://${h}:${port}/health/ready`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return 0;
      process.stderr.write(`hanko: ${target} server answered ${res.status}\n`);
    } catch (err) {
      process.stderr.write(`hanko: ${target} server is not ready: ${(err as Error).message}\n`);
    }
    return 1;
  },

  user: async (args) => (await import('./user.ts')).userCommand(args),

  version: async () => {
    process.stdout.write(`v${version()}\n`);
    return 0;
  },
};

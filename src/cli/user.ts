/**
 * `hanko user import|export|generate` (events.md §4, §5). The `user` command parses its own flags, because
 * they are short options the other commands do not have.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/errors.ts';
import { loadConfig } from '../config/load.ts';
import { openConfiguredDatabase } from '../main.ts';
import type { Database } from '../persistence/db.ts';
import { migrateUp, pendingMigrations } from '../persistence/migrate.ts';
import { exportUsers } from '../users/export.ts';
import { generateUsers } from '../users/generate.ts';
import { formatProblem, formatSummary, importUsers } from '../users/import/import-users.ts';
import { progressBar } from '../users/import/progress.ts';
import { fetchImportUrl, ImportSourceError, readImportFile } from '../users/import/source.ts';
import { createLogger } from '../util/logger.ts';

export const USER_USAGE = `usage:
  hanko user import (-i|--inputFile FILE | -u|--inputUrl URL) [--config FILE]
  hanko user export -o|--outputFile FILE [--config FILE]
  hanko user generate -o|--outputFile FILE [-c|--count N | -n N]   (default 10 users)
`;

const usage = (problem: string) => new ConfigError('', `${problem}\n${USER_USAGE}`);

/** Opens the configured database; the embedded one is migrated first, a server database must be current. */
async function withDatabase<T>(configFile: string | undefined, fn: (db: Database) => Promise<T>): Promise<T> {
  const logger = createLogger();
  const loaded = loadConfig(configFile ? { file: configFile } : {});
  for (const w of loaded.warnings) logger.warn(w);
  const { db, lock } = await openConfiguredDatabase(loaded, logger);
  try {
    const pending = await pendingMigrations(db.knex);
    if (pending.length > 0) {
      if (db.dialect !== 'pglite')
        throw new ConfigError(
          '',
          `the database schema is behind (${pending.length} pending migrations): run "hanko migrate up" first`,
        );
      await migrateUp(db.knex);
    }
    return await fn(db);
  } finally {
    await db.close();
    lock?.release();
  }
}

async function runImport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      inputFile: { type: 'string', short: 'i' },
      inputUrl: { type: 'string', short: 'u' },
      config: { type: 'string' },
    },
  });
  if (!values.inputFile === !values.inputUrl)
    throw usage('user import needs exactly one of -i/--inputFile and -u/--inputUrl');
  let entries: unknown[];
  try {
    entries = values.inputFile
      ? await readImportFile(values.inputFile)
      : await fetchImportUrl(values.inputUrl as string);
  } catch (err) {
    if (err instanceof ImportSourceError) throw new ConfigError('', err.message);
    throw err;
  }
  const summary = await withDatabase(values.config, async (db) => {
    const bar = progressBar(process.stderr);
    try {
      return await importUsers(db.knex, entries, { onProgress: (done, total) => bar.update(done, total) });
    } finally {
      bar.finish();
    }
  });
  for (const p of summary.problems) process.stderr.write(`${formatProblem(p)}\n`);
  process.stdout.write(`${formatSummary(summary)}\n`);
  return summary.failed > 0 ? 1 : 0;
}

async function runExport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { outputFile: { type: 'string', short: 'o' }, config: { type: 'string' } },
  });
  const file = values.outputFile;
  if (!file) throw usage('user export needs -o/--outputFile');
  const count = await withDatabase(values.config, (db) => exportUsers(db.knex, file));
  process.stdout.write(`exported ${count} users to ${file}\n`);
  return 0;
}

async function runGenerate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      outputFile: { type: 'string', short: 'o' },
      count: { type: 'string', short: 'c' },
      n: { type: 'string', short: 'n' },
    },
  });
  const file = values.outputFile;
  if (!file) throw usage('user generate needs -o/--outputFile');
  if (values.count !== undefined && values.n !== undefined)
    throw usage('give the number of users once (-c/--count or -n)');
  const raw = values.count ?? values.n ?? '10';
  if (!/^\d+$/.test(raw)) throw usage(`the number of users must be a whole number, got "${raw}"`);
  await generateUsers(file, Number(raw));
  process.stdout.write(`generated ${raw} users in ${file}\n`);
  return 0;
}

export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return runImport(rest);
  if (sub === 'export') return runExport(rest);
  if (sub === 'generate') return runGenerate(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(USER_USAGE);
    return sub === undefined ? 2 : 0;
  }
  throw usage(`unknown user command "${sub}"`);
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { mysqlTypeCast, pgliteParsers, pgTypes } from './types.ts';

export type Dialect = 'postgres' | 'mysql' | 'pglite';

export interface DatabaseOptions {
  dialect: Dialect;
  /** Connection URL for postgres/mysql. */
  url?: string;
  /** Directory for the embedded database ('memory://' keeps it in memory). */
  dataDir?: string;
  /** Pre-made PGlite data (a dump) to start from, used by tests to clone a migrated template. */
  loadDataDir?: Blob;
  poolMax?: number;
}

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Serialises work on the single PGlite connection; a no-op pool-wise elsewhere. */
  close(): Promise<void>;
  /** Only for PGlite: dump the data directory (used to build test templates). */
  dump?(): Promise<Blob>;
}

// pg sends JS Dates in local time unless told otherwise; our timestamps are UTC without zone.
pg.defaults.parseInputDatesAsUTC = true;

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.dialect === 'pglite') return openPglite(opts);
  if (!opts.url) throw new Error('database.url: required');
  if (opts.dialect === 'postgres') {
    const knex = knexFactory({
      client: 'pg',
      connection: { connectionString: opts.url, types: pgTypes },
      pool: { min: 0, max: opts.poolMax ?? 10 },
    });
    return { knex, dialect: 'postgres', close: () => knex.destroy() };
  }
  const url = new URL(opts.url);
  const knex = knexFactory({
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.replace(/^\//, ''),
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      typeCast: mysqlTypeCast,
    },
    pool: {
      min: 0,
      max: opts.poolMax ?? 10,
      afterCreate: (
        conn: { query(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, c: unknown) => void,
      ) => {
        conn.query("SET time_zone = '+00:00'", (err) => done(err, conn));
      },
    },
  });
  return { knex, dialect: 'mysql', close: () => knex.destroy() };
}

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  const [{ PGlite }, { default: ClientPgLite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('knex-pglite'),
  ]);
  const dataDir = opts.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(path.resolve(dataDir), { recursive: true });
  const db = await PGlite.create(dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir), {
    parsers: pgliteParsers,
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const knex = knexFactory({
    client: pgliteClient(ClientPgLite) as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: { pglite: db } as unknown as Knex.StaticConnectionConfig,
  });
  return {
    knex,
    dialect: 'pglite',
    close: async () => {
      await knex.destroy();
      if (!db.closed) await db.close();
    },
    dump: () => db.dumpDataDir('none') as Promise<Blob>,
  };
}

type ClientClass = new (...args: never[]) => object;
let patchedClient: ClientClass | undefined;

/**
 * knex-pglite reports a delete as command "DEL", so knex's PostgreSQL dialect returns the raw result instead of the
 * affected-row count. This subclass names it "DELETE", making `.delete()` return a number as on pg and mysql.
 */
function pgliteClient(base: unknown): ClientClass {
  if (patchedClient) return patchedClient;
  const Base = base as ClientClass;
  const pgProcess = Object.getPrototypeOf(Base.prototype).processResponse as (
    obj: unknown,
    runner: unknown,
  ) => unknown;
  patchedClient = class extends Base {
    processResponse(obj: { method?: string; response: { affectedRows?: number } }, runner: unknown) {
      const m = obj.method;
      const command =
        m === 'first' || m === 'pluck' ? 'SELECT' : m === 'del' ? 'DELETE' : (m ?? '').toUpperCase();
      const response = { ...obj.response, rowCount: obj.response.affectedRows, command };
      return pgProcess.call(this, { ...obj, response }, runner);
    }
  };
  return patchedClient;
}

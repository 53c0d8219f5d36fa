import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import knexFactory, { type Knex } from 'knex';
import { migrations } from '../../migrations/index.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

const KNEX_TABLES = new Set(['knex_migrations', 'knex_migrations_lock']);

interface Target {
  name: string;
  env: Record<string, string>;
  tables(): Promise<string[]>;
  cleanup(): Promise<void>;
}

async function serverTarget(dialect: 'postgres' | 'mysql', baseUrl: string): Promise<Target> {
  const name = `hanko_cli_${randomBytes(4).toString('hex')}`;
  const client = dialect === 'postgres' ? 'pg' : 'mysql2';
  const admin: Knex = knexFactory({ client, connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(dialect === 'postgres' ? `create database "${name}"` : `create database \`${name}\``);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db: Knex = knexFactory({ client, connection: url.toString(), pool: { min: 0, max: 1 } });
  return {
    name: dialect,
    env: { DATABASE_URL: url.toString(), SECRETS_KEYS: 'cli-test-secret-0123456789' },
    async tables() {
      const rows =
        dialect === 'postgres'
          ? (
              await db.raw(
                "select table_name as t from information_schema.tables where table_schema = 'public'",
              )
            ).rows
          : (
              await db.raw(
                'select table_name as t from information_schema.tables where table_schema = database()',
              )
            )[0];
      return rows
        .map((r: { t?: string; T?: string; TABLE_NAME?: string }) => r.t ?? r.T ?? r.TABLE_NAME)
        .filter((t: string) => !KNEX_TABLES.has(t));
    },
    async cleanup() {
      await db.destroy();
      await admin.raw(
        dialect === 'postgres'
          ? `drop database if exists "${name}" with (force)`
          : `drop database if exists \`${name}\``,
      );
      await admin.destroy();
    },
  };
}

async function pgliteTarget(): Promise<Target> {
  const dir = tempDir('hanko-cli-pglite-');
  const { openDatabase } = await import('../../src/persistence/db.ts');
  return {
    name: 'pglite',
    env: { DATABASE_DIALECT: 'pglite', DATABASE_DATA_DIR: dir },
    async tables() {
      const db = await openDatabase({ dialect: 'pglite', dataDir: `${dir}/pgdata` });
      try {
        const rows = (
          await db.knex.raw(
            "select table_name as t from information_schema.tables where table_schema = 'public'",
          )
        ).rows;
        return rows.map((r: { t: string }) => r.t).filter((t: string) => !KNEX_TABLES.has(t));
      } finally {
        await db.close();
      }
    },
    cleanup: async () => {},
  };
}

describe('hanko migrate up / down through the CLI', () => {
  const targets: Array<[string, () => Promise<Target>]> = [['pglite', pgliteTarget]];
  if (process.env.TEST_POSTGRES_URL)
    targets.push(['postgres', () => serverTarget('postgres', process.env.TEST_POSTGRES_URL!)]);
  if (process.env.TEST_MYSQL_URL)
    targets.push(['mysql', () => serverTarget('mysql', process.env.TEST_MYSQL_URL!)]);
  for (const [label, make] of targets) {
    it(`up, down to zero, up again [${label}]`, async () => {
      const t = await make();
      try {
        const up = await runCli(['migrate', 'up'], { env: t.env });
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stdout, new RegExp(`${migrations.length} migration\\(s\\) applied`));
        assert.ok((await t.tables()).includes('users'));
        if (t.name !== 'pglite') {
          // A server database that is behind is refused at startup, naming the command to run.
          const down1 = await runCli(['migrate', 'down', '1'], { env: t.env });
          assert.equal(down1.code, 0, down1.stderr);
          const serve = await runCli(['serve', 'all'], {
            env: { ...t.env, SERVER_PUBLIC_ADDRESS: '127.0.0.1:0', SERVER_ADMIN_ADDRESS: '127.0.0.1:0' },
          });
          assert.notEqual(serve.code, 0);
          assert.match(serve.stderr, /schema is behind \(1 pending migrations\): run "hanko migrate up"/);
          assert.equal((await runCli(['migrate', 'up'], { env: t.env })).code, 0);
        }
        const down = await runCli(['migrate', 'down', String(migrations.length)], { env: t.env });
        assert.equal(down.code, 0, down.stderr);
        assert.deepEqual(await t.tables(), [], 'no tables left');
        const again = await runCli(['migrate', 'up'], { env: t.env });
        assert.equal(again.code, 0, again.stderr);
        assert.ok((await t.tables()).includes('users'));
        const bad = await runCli(['migrate', 'down'], { env: t.env });
        assert.notEqual(bad.code, 0);
        assert.match(bad.stderr, /migrate down needs a number of steps/);
      } finally {
        await t.cleanup();
      }
    });
  }
});

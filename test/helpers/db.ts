/**
 * Test databases. Every database-touching suite runs on the embedded PGlite, and also on PostgreSQL and
 * MySQL/MariaDB when TEST_POSTGRES_URL / TEST_MYSQL_URL are set. Each test gets a fresh database cloned from a
 * migrated template (built once per run by test/run.ts, or lazily here when a file runs on its own).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { migrations } from '../../migrations/index.ts';
import { JwkManager } from '../../src/crypto/jwk-manager.ts';
import { type Database, type Dialect, openDatabase } from '../../src/persistence/db.ts';
import { migrateUp } from '../../src/persistence/migrate.ts';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

export function testDialects(): Dialect[] {
  const out: Dialect[] = ['pglite'];
  if (process.env.TEST_POSTGRES_URL) out.push('postgres');
  if (process.env.TEST_MYSQL_URL) out.push('mysql');
  return out;
}

/** Changes whenever the migration list changes, so stale templates are never reused. */
export const schemaHash = (): string =>
  createHash('sha256')
    .update(migrations.map((m) => m.name).join(','))
    .update(readFileSync(new URL('../../migrations/index.ts', import.meta.url)))
    .digest('hex')
    .slice(0, 12);

const tmpDir = path.resolve(new URL('../../.tmp', import.meta.url).pathname);
const templateName = () => `hanko_tpl_${schemaHash()}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminKnex(dialect: 'postgres' | 'mysql'): Promise<Knex> {
  const url = dialect === 'postgres' ? process.env.TEST_POSTGRES_URL! : process.env.TEST_MYSQL_URL!;
  if (dialect === 'postgres') return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  const u = new URL(url);
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1) || undefined,
      multipleStatements: true,
    },
    pool: { min: 0, max: 1 },
  });
}

async function prepare(knex: Knex): Promise<void> {
  await migrateUp(knex);
  await JwkManager.open(knex, [TEST_SECRET]);
}

/** Builds the templates that are missing (idempotent; safe to call from every file). */
export async function ensureTemplates(dialects: Dialect[] = testDialects()): Promise<void> {
  for (const d of dialects) {
    if (d === 'pglite') {
      const file = path.join(tmpDir, `pglite-${schemaHash()}.tar`);
      if (existsSync(file)) continue;
      mkdirSync(tmpDir, { recursive: true });
      const db = await openDatabase({ dialect: 'pglite', dataDir: 'memory://' });
      await prepare(db.knex);
      const blob = await db.dump!();
      await db.close();
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
      const { renameSync } = await import('node:fs');
      renameSync(tmp, file);
      continue;
    }
    const admin = await adminKnex(d);
    try {
      const name = templateName();
      const exists =
        d === 'postgres'
          ? (await admin.raw('select 1 from pg_database where datname = ?', [name])).rows.length > 0
          : (await admin.raw('select 1 from information_schema.schemata where schema_name = ?', [name]))[0]
              .length > 0;
      if (exists) continue;
      const building = `${name}_b${randomBytes(3).toString('hex')}`;
      await admin.raw(d === 'postgres' ? `create database "${building}"` : `create database \`${building}\``);
      const url = d === 'postgres' ? process.env.TEST_POSTGRES_URL! : process.env.TEST_MYSQL_URL!;
      const db = await openDatabase({ dialect: d, url: withDatabase(url, building), poolMax: 1 });
      await prepare(db.knex);
      await db.close();
      if (d === 'postgres') {
        await admin.raw(`alter database "${building}" rename to "${name}"`).catch(async () => {
          await admin.raw(`drop database "${building}"`);
        });
      } else {
        // MySQL cannot rename databases: the finished build itself is the template.
        await admin.raw(`create database if not exists \`${name}\``);
        await cloneMysql(admin, building, name);
        await admin.raw(`drop database \`${building}\``);
      }
    } finally {
      await admin.destroy();
    }
  }
}

async function cloneMysql(admin: Knex, from: string, to: string): Promise<void> {
  const [tables] = await admin.raw(
    'select table_name as t from information_schema.tables where table_schema = ? order by table_name',
    [from],
  );
  const statements: string[] = ['SET FOREIGN_KEY_CHECKS=0'];
  for (const { t } of tables as Array<{ t: string }>) {
    const [[row]] = await admin.raw(`show create table \`${from}\`.\`${t}\``);
    statements.push(
      `${(row['Create Table'] as string).replace(/^CREATE TABLE `/, `CREATE TABLE \`${to}\`.\``)}`,
    );
    statements.push(`INSERT INTO \`${to}\`.\`${t}\` SELECT * FROM \`${from}\`.\`${t}\``);
  }
  statements.push('SET FOREIGN_KEY_CHECKS=1');
  await admin.raw(statements.join(';\n'));
}

export interface TestDatabase {
  db: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database (with the signing key for TEST_SECRET) for one test or suite. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  await ensureTemplates([dialect]);
  if (dialect === 'pglite') {
    const file = path.join(tmpDir, `pglite-${schemaHash()}.tar`);
    const blob = new Blob([readFileSync(file)]);
    const db = await openDatabase({ dialect: 'pglite', dataDir: 'memory://', loadDataDir: blob });
    return { db, drop: () => db.close() };
  }
  const admin = await adminKnex(dialect);
  const name = `hanko_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = dialect === 'postgres' ? process.env.TEST_POSTGRES_URL! : process.env.TEST_MYSQL_URL!;
  try {
    if (dialect === 'postgres') {
      await admin.raw(`create database "${name}" template "${templateName()}"`);
    } else {
      await admin.raw(`create database \`${name}\``);
      await cloneMysql(admin, templateName(), name);
    }
  } finally {
    await admin.destroy();
  }
  const db = await openDatabase({ dialect, url: withDatabase(url, name), poolMax: 4 });
  return {
    db,
    drop: async () => {
      await db.close();
      const a = await adminKnex(dialect);
      try {
        await a.raw(
          dialect === 'postgres'
            ? `drop database if exists "${name}" with (force)`
            : `drop database if exists \`${name}\``,
        );
      } finally {
        await a.destroy();
      }
    },
  };
}

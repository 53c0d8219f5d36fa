/**
 * Schema migrations on every supported database: migrate up (all) → every table exists → down one by one to
 * zero (each step removes exactly the table of that migration) → up again → a few raw round trips (uuid,
 * boolean, datetime(6), big text) and FK behaviour → rollback all → nothing left but knex's bookkeeping.
 *
 * - PGlite (in-memory, embedded) always runs.
 * - PostgreSQL runs when TEST_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
 * - MySQL / MariaDB runs when TEST_MYSQL_URL is set (e.g. mysql://root@127.0.0.1:3306/test).
 * Both server databases get a throw-away database `hanko_mig_<random>` that is dropped afterwards.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrationSource, migrations } from '../../migrations/index.ts';

const EXPECTED_TABLES = [
  'users',
  'emails',
  'primary_emails',
  'usernames',
  'user_metadata',
  'password_credentials',
  'webauthn_credential_user_handles',
  'webauthn_credentials',
  'webauthn_credential_transports',
  'otp_secrets',
  'passcodes',
  'sessions',
  'identities',
  'tokens',
  'flows',
  'webauthn_session_data',
  'webauthn_session_data_allowed_credentials',
  'trusted_devices',
  'saml_identities',
  'saml_states',
  'saml_certificates',
  'saml_idp_initiated_requests',
  'jwks',
  'audit_logs',
  'webhooks',
  'webhook_events',
  'mail_outbox',
  'webhook_outbox',
].sort();

const KNEX_TABLES = ['knex_migrations', 'knex_migrations_lock'];

type Dialect = 'postgres' | 'mysql';

interface Target {
  db: Knex;
  dialect: Dialect;
  cleanup(): Promise<void>;
}

/** Tables created by a migration: `<timestamp>_create_<table>` creates one; `<timestamp>_index_…` none. */
function tableOf(migrationName: string): string[] {
  const match = /^\d{14}_create_(\w+)$/.exec(migrationName);
  if (match?.[1]) return [match[1]];
  assert.match(migrationName, /^\d{14}_index_\w+$/, `unexpected migration name ${migrationName}`);
  return [];
}

async function listTables(db: Knex, dialect: Dialect): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dialect === 'postgres'
      ? (
          await db.raw(
            `select table_name as name from information_schema.tables
             where table_schema = current_schema() and table_type = 'BASE TABLE'`,
          )
        ).rows
      : (
          await db.raw(
            `select table_name as name from information_schema.tables
             where table_schema = database() and table_type = 'BASE TABLE'`,
          )
        )[0];
  return rows
    .map((row) => row.name)
    .filter((name) => !KNEX_TABLES.includes(name))
    .sort();
}

interface ColumnInfo {
  type: string;
  nullable: boolean;
  precision: number | null;
  length: number | null;
  default: string | null;
}

async function columnInfo(db: Knex, dialect: Dialect, table: string, column: string): Promise<ColumnInfo> {
  const schema = dialect === 'postgres' ? 'current_schema()' : 'database()';
  const result = await db.raw(
    `select ${dialect === 'postgres' ? 'data_type' : 'column_type'} as col_type, is_nullable as col_nullable,
            datetime_precision as col_precision, character_maximum_length as col_length, column_default as col_default
     from information_schema.columns
     where table_schema = ${schema} and table_name = ? and column_name = ?`,
    [table, column],
  );
  const rows: Array<Record<string, unknown>> = dialect === 'postgres' ? result.rows : result[0];
  const row = rows[0];
  assert.ok(row, `column ${table}.${column} does not exist`);
  return {
    type: String(row.col_type),
    nullable: row.col_nullable === 'YES',
    precision: row.col_precision == null ? null : Number(row.col_precision),
    length: row.col_length == null ? null : Number(row.col_length),
    default: row.col_default == null ? null : String(row.col_default),
  };
}

/** A datetime column read back as text, so that no driver-side Date parsing drops the microseconds. */
function datetimeAsText(dialect: Dialect, column: string): string {
  return dialect === 'postgres' ? `${column}::text` : `cast(${column} as char)`;
}

function asBool(value: unknown): boolean {
  // PostgreSQL returns booleans, MySQL returns tinyint(1) as a number.
  if (typeof value === 'boolean') return value;
  assert.ok(value === 0 || value === 1, `not a boolean: ${String(value)}`);
  return value === 1;
}

async function runMigrationChecks(target: Target): Promise<void> {
  const { db, dialect } = target;
  const source = migrationSource();

  // Up (all), in one batch.
  await db.migrate.latest({ migrationSource: source });
  assert.deepEqual(await listTables(db, dialect), EXPECTED_TABLES);
  assert.deepEqual(
    migrations.flatMap((m) => tableOf(m.name)),
    [...new Set(migrations.flatMap((m) => tableOf(m.name)))],
    'every migration creates its own table',
  );
  assert.deepEqual(migrations.flatMap((m) => tableOf(m.name)).sort(), EXPECTED_TABLES);
  await checkColumnTypes(db, dialect);

  // Down one by one: each step removes exactly the table of the migration it undoes.
  for (let remaining = migrations.length; remaining > 0; remaining--) {
    await db.migrate.down({ migrationSource: source });
    const expected = migrations
      .slice(0, remaining - 1)
      .flatMap((m) => tableOf(m.name))
      .sort();
    assert.deepEqual(
      await listTables(db, dialect),
      expected,
      `after undoing ${migrations[remaining - 1]?.name}`,
    );
  }
  assert.deepEqual(await listTables(db, dialect), []);
  assert.equal(await db.migrate.currentVersion({ migrationSource: source }), 'none');

  // Up again.
  await db.migrate.latest({ migrationSource: source });
  assert.deepEqual(await listTables(db, dialect), EXPECTED_TABLES);
  const [completed, pending] = (await db.migrate.list({ migrationSource: source })) as [unknown[], unknown[]];
  assert.equal(completed.length, migrations.length);
  assert.equal(pending.length, 0);

  await checkRoundTrips(db, dialect);

  // Rollback everything at once.
  await db.migrate.rollback({ migrationSource: source }, true);
  assert.deepEqual(await listTables(db, dialect), []);
  await db.migrate.latest({ migrationSource: source });
  assert.deepEqual(await listTables(db, dialect), EXPECTED_TABLES);
}

async function checkColumnTypes(db: Knex, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';

  const id = await columnInfo(db, dialect, 'users', 'id');
  assert.equal(id.type, pg ? 'uuid' : 'char(36)');
  assert.equal(id.nullable, false);

  const createdAt = await columnInfo(db, dialect, 'users', 'created_at');
  assert.equal(createdAt.type, pg ? 'timestamp without time zone' : 'datetime(6)');
  assert.equal(createdAt.precision, 6);
  assert.equal(createdAt.nullable, false);

  const verified = await columnInfo(db, dialect, 'emails', 'verified');
  assert.equal(verified.type, pg ? 'boolean' : 'tinyint(1)');
  assert.equal(verified.nullable, false);

  const backupEligible = await columnInfo(db, dialect, 'webauthn_credentials', 'backup_eligible');
  assert.equal(backupEligible.nullable, false);
  assert.match(String(backupEligible.default), pg ? /^false$/ : /^'?0'?$/);

  const enabled = await columnInfo(db, dialect, 'webhooks', 'enabled');
  assert.match(String(enabled.default), pg ? /^true$/ : /^'?1'?$/);

  const credentialId = await columnInfo(db, dialect, 'webauthn_credentials', 'id');
  assert.equal(credentialId.type, pg ? 'character varying' : 'varchar(255)');
  assert.equal(credentialId.length, 255);

  const jwksId = await columnInfo(db, dialect, 'jwks', 'id');
  assert.match(jwksId.type, pg ? /^integer$/ : /^int(\(\d+\))?( unsigned)?$/);
  if (pg) assert.match(String(jwksId.default), /^nextval\(/);

  const flowData = await columnInfo(db, dialect, 'flows', 'data');
  assert.equal(flowData.type, pg ? 'text' : 'mediumtext');
  const outboxData = await columnInfo(db, dialect, 'webhook_outbox', 'data');
  assert.equal(outboxData.type, pg ? 'text' : 'mediumtext');

  const lastValidatedStep = await columnInfo(db, dialect, 'otp_secrets', 'last_validated_step');
  assert.equal(lastValidatedStep.nullable, true);

  // N* columns are NOT NULL in our schema.
  for (const [table, column] of [
    ['usernames', 'username'],
    ['sessions', 'last_used'],
    ['tokens', 'link_user'],
    ['trusted_devices', 'device_token'],
    ['webhook_events', 'event'],
  ] as const) {
    assert.equal((await columnInfo(db, dialect, table, column)).nullable, false, `${table}.${column}`);
  }

  // No tenant_id anywhere (v2 schema).
  const schema = pg ? 'current_schema()' : 'database()';
  const tenant = await db.raw(
    `select count(*) as n from information_schema.columns where table_schema = ${schema} and column_name = 'tenant_id'`,
  );
  assert.equal(Number((pg ? tenant.rows : tenant[0])[0].n), 0);

  if (!pg) {
    // Case-sensitive, byte-wise string comparison like PostgreSQL.
    const [rows] = await db.raw(
      `select distinct table_collation as c from information_schema.tables
       where table_schema = database() and table_name not like 'knex%'`,
    );
    assert.deepEqual(
      (rows as Array<{ c: string }>).map((r) => r.c),
      ['utf8mb4_bin'],
    );
  }
}

async function checkRoundTrips(db: Knex, dialect: Dialect): Promise<void> {
  const userId = randomUUID();
  const emailId = randomUUID();
  const created = '2026-01-02 03:04:05.123456';
  await db('users').insert({ id: userId, created_at: created, updated_at: created });
  await db('emails').insert({
    id: emailId,
    user_id: userId,
    address: 'alice@example.com',
    verified: true,
    created_at: created,
    updated_at: created,
  });
  await db('primary_emails').insert({
    id: randomUUID(),
    email_id: emailId,
    user_id: userId,
    created_at: created,
    updated_at: created,
  });

  // uuid, boolean and datetime(6) come back as stored.
  const user = await db('users')
    .select('id', db.raw(`${datetimeAsText(dialect, 'created_at')} as created_text`))
    .where({ id: userId })
    .first();
  assert.equal(user.id, userId);
  assert.equal(user.created_text, created);
  const email = await db('emails').where({ id: emailId }).first();
  assert.equal(asBool(email.verified), true);
  assert.equal(email.user_id, userId);

  // Session: microsecond precision on a nullable and a NOT NULL datetime.
  const sessionId = randomUUID();
  await db('sessions').insert({
    id: sessionId,
    user_id: userId,
    expires_at: '2026-02-03 04:05:06.000001',
    last_used: '2026-02-03 04:05:06.999999',
    created_at: created,
    updated_at: created,
  });
  const session = await db('sessions')
    .select(
      db.raw(`${datetimeAsText(dialect, 'expires_at')} as expires_text`),
      db.raw(`${datetimeAsText(dialect, 'last_used')} as last_used_text`),
    )
    .where({ id: sessionId })
    .first();
  assert.equal(session.expires_text, '2026-02-03 04:05:06.000001');
  assert.equal(session.last_used_text, '2026-02-03 04:05:06.999999');

  // Boolean defaults, user handle + composite FK.
  const handleId = randomUUID();
  await db('webauthn_credential_user_handles').insert({
    id: handleId,
    user_id: userId,
    handle: 'some-imported-handle',
    created_at: created,
    updated_at: created,
  });
  await db('webauthn_credentials').insert({
    id: 'AbC-credential_id',
    user_id: userId,
    public_key: 'pQECAyYgASFYIA',
    attestation_type: 'none',
    aaguid: '00000000-0000-0000-0000-000000000000',
    sign_count: 0,
    created_at: created,
    updated_at: created,
    user_handle_id: handleId,
  });
  await db('webauthn_credential_transports').insert({
    id: randomUUID(),
    name: 'internal',
    webauthn_credential_id: 'AbC-credential_id',
  });
  const credential = await db('webauthn_credentials').where({ id: 'AbC-credential_id' }).first();
  assert.equal(asBool(credential.backup_eligible), false);
  assert.equal(asBool(credential.backup_state), false);
  assert.equal(asBool(credential.mfa_only), false);
  assert.equal(credential.user_handle_id, handleId);
  // Credential ids are case-sensitive (MySQL: utf8mb4_bin).
  assert.equal(await db('webauthn_credentials').where({ id: 'abc-credential_id' }).first(), undefined);

  // A user handle of another user is rejected by the composite FK.
  const otherUserId = randomUUID();
  await db('users').insert({ id: otherUserId, created_at: created, updated_at: created });
  await assert.rejects(
    db('webauthn_credentials').insert({
      id: 'other-credential',
      user_id: otherUserId,
      public_key: 'x',
      attestation_type: 'none',
      aaguid: '00000000-0000-0000-0000-000000000000',
      sign_count: 0,
      created_at: created,
      updated_at: created,
      user_handle_id: handleId,
    }),
  );

  // Deleting a user handle sets the credential's user_handle_id to NULL.
  await db('webauthn_credential_user_handles').where({ id: handleId }).del();
  const unlinked = await db('webauthn_credentials').where({ id: 'AbC-credential_id' }).first();
  assert.equal(unlinked.user_handle_id, null);

  // Text columns: JSON in identities.data, a large flow snapshot (more than MySQL's 64 KiB `text`).
  const identityId = randomUUID();
  const claims = JSON.stringify({ sub: '123', email: 'alice@example.com', email_verified: true });
  await db('identities').insert({
    id: identityId,
    provider_user_id: '123',
    provider_id: 'google',
    data: claims,
    email_id: emailId,
    user_id: userId,
    created_at: created,
    updated_at: created,
  });
  assert.equal((await db('identities').where({ id: identityId }).first()).data, claims);
  const snapshot = randomBytes(150_000).toString('base64');
  const flowId = randomUUID();
  await db('flows').insert({
    id: flowId,
    name: 'login',
    machine_version: 1,
    version: 0,
    expires_at: created,
    csrf_token: 'a'.repeat(32),
    data: snapshot,
    created_at: created,
    updated_at: created,
  });
  assert.equal((await db('flows').where({ id: flowId }).first()).data, snapshot);

  // Serial jwks id, outbox defaults.
  await db('jwks').insert({ key_data: 'k1', created_at: created });
  await db('jwks').insert({ key_data: 'k2', created_at: created });
  assert.deepEqual(
    (await db('jwks').select('id').orderBy('id')).map((r: { id: unknown }) => Number(r.id)),
    [1, 2],
  );
  await db('mail_outbox').insert({
    id: randomUUID(),
    recipient: 'alice@example.com',
    template: 'login',
    locale: 'en',
    data: '{}',
    next_attempt_at: created,
    created_at: created,
    updated_at: created,
  });
  assert.equal(Number((await db('mail_outbox').first()).attempts), 0);

  // Unique address; a primary email cannot be deleted (RESTRICT).
  await assert.rejects(
    db('emails').insert({
      id: randomUUID(),
      address: 'alice@example.com',
      verified: false,
      created_at: created,
      updated_at: created,
    }),
  );
  await assert.rejects(db('emails').where({ id: emailId }).del());

  // Deleting the user cascades to everything that belongs to it. The primary_emails row goes first: on MySQL
  // the users → emails cascade runs into the emails ← primary_emails RESTRICT otherwise (InnoDB checks
  // RESTRICT/NO ACTION row by row, PostgreSQL tolerates it). The application deletes users in this order.
  await db('primary_emails').where({ user_id: userId }).del();
  await db('users').where({ id: userId }).del();
  for (const table of ['emails', 'primary_emails', 'sessions', 'webauthn_credentials', 'identities']) {
    assert.equal(Number((await db(table).count({ n: '*' }))[0]?.n), 0, `${table} after user delete`);
  }
  assert.equal(Number((await db('webauthn_credential_transports').count({ n: '*' }))[0]?.n), 0);
}

function throwAwayName(): string {
  return `hanko_mig_${randomBytes(6).toString('hex')}`;
}

async function pgliteTarget(): Promise<Target> {
  const db = knex({
    client: ClientPgLite,
    dialect: 'postgres',
    // knex-pglite reads `connection.pglite`; knex's connection types do not know that key.
    connection: { pglite: new PGlite('memory://') } as Knex.StaticConnectionConfig,
  });
  return { db, dialect: 'postgres', cleanup: () => db.destroy() };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = throwAwayName();
  const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  await admin.raw(`create database "${name}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = knex({ client: 'pg', connection: dbUrl.toString(), pool: { min: 0, max: 4 } });
  return {
    db,
    dialect: 'postgres',
    async cleanup() {
      await db.destroy();
      try {
        await admin.raw(`drop database if exists "${name}"`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

function mysqlConnection(url: string, database: string): Knex.MySql2ConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
  };
}

async function mysqlTarget(url: string): Promise<Target> {
  const name = throwAwayName();
  const adminDatabase = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = knex({
    client: 'mysql2',
    connection: mysqlConnection(url, adminDatabase),
    pool: { min: 0, max: 1 },
  });
  await admin.raw(`create database \`${name}\``);
  const db = knex({ client: 'mysql2', connection: mysqlConnection(url, name), pool: { min: 0, max: 4 } });
  return {
    db,
    dialect: 'mysql',
    async cleanup() {
      await db.destroy();
      try {
        await admin.raw(`drop database if exists \`${name}\``);
      } finally {
        await admin.destroy();
      }
    },
  };
}

async function withTarget(make: () => Promise<Target>): Promise<void> {
  const target = await make();
  try {
    await runMigrationChecks(target);
  } finally {
    await target.cleanup();
  }
}

describe('schema migrations', () => {
  it('PGlite (embedded)', async () => {
    await withTarget(pgliteTarget);
  });

  const postgresUrl = process.env.TEST_POSTGRES_URL;
  it('PostgreSQL', { skip: postgresUrl ? false : 'TEST_POSTGRES_URL is not set' }, async () => {
    await withTarget(() => postgresTarget(postgresUrl!));
  });

  const mysqlUrl = process.env.TEST_MYSQL_URL;
  it('MySQL / MariaDB', { skip: mysqlUrl ? false : 'TEST_MYSQL_URL is not set' }, async () => {
    await withTarget(() => mysqlTarget(mysqlUrl!));
  });
});

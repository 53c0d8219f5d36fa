/**
 * `hanko user import|export|generate` (events.md §4, §5) on every database: 10,000 generated users imported
 * in batches, a second import that changes nothing, a file with broken entries in the middle (each reported
 * with index and field, nothing of it written, the others imported), the export round trip, and the CLI end
 * to end on the embedded database.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { createPasswordHasher } from '../../src/crypto/password.ts';
import { exportUsers } from '../../src/users/export.ts';
import { generateUsers } from '../../src/users/generate.ts';
import { importUsers } from '../../src/users/import/import-users.ts';
import { planEntry } from '../../src/users/import/plan.ts';
import { readImportFile } from '../../src/users/import/source.ts';
import { writeBatch } from '../../src/users/import/write.ts';
import { testConfig } from '../helpers/app.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/db.ts';

const TABLES = [
  'users',
  'emails',
  'primary_emails',
  'usernames',
  'user_metadata',
  'password_credentials',
  'webauthn_credentials',
  'webauthn_credential_transports',
  'webauthn_credential_user_handles',
  'otp_secrets',
];

async function counts(knex: Knex): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await knex(t).count({ n: '*' });
    out[t] = Number(row?.n);
  }
  return out;
}

/** Every row's id and updated_at (credentials' transports have no timestamps), to prove nothing changed. */
async function stamps(knex: Knex): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES.filter((x) => x !== 'webauthn_credential_transports')) {
    const rows = await knex(t).orderBy('id').select('id', 'updated_at');
    parts.push(
      ...rows.map((r: { id: string; updated_at: Date }) => `${t}:${r.id}:${r.updated_at.toISOString()}`),
    );
  }
  return parts.join('\n');
}

const HASH = bcrypt.hashSync('correct horse', 4).replace(/^\$2b\$/, '$2a$');
const ids = Array.from({ length: 12 }, () => randomUUID());

/** Entries 2, 3, 4, 6, 7 and 8 are broken; 0, 1, 5 and 9 are good. */
function mixedFile(): unknown[] {
  return [
    {
      user_id: ids[0],
      emails: [
        { address: 'Ann.Main@Example.COM', is_primary: true, is_verified: true },
        { address: 'ann.other@example.com', is_primary: false, is_verified: false },
      ],
      username: 'Ann_Import',
      password: { password: HASH, created_at: '2021-03-04T05:06:07Z', updated_at: '2022-03-04T05:06:07Z' },
      otp_secret: { secret: 'JBSWY3DPEHPK3PXP' },
      webauthn_credentials: [
        {
          id: 'cred-ann-1',
          public_key: 'pQECAyYgASFYIK',
          attestation_type: 'none',
          aaguid: 'ADCE0002-35BC-C60A-648B-0B25F1F05503',
          sign_count: 7,
          transports: ['usb', 'nfc'],
          backup_eligible: true,
          user_handle: 'legacy-handle-ann',
          created_at: '2021-01-01T00:00:00Z',
          last_used_at: '2023-01-01T00:00:00Z',
        },
        { id: 'cred-ann-2', public_key: 'pQECAyYgASFYIL', attestation_type: 'packed', mfa_only: true },
      ],
      metadata: { public_metadata: { role: 'admin' }, private_metadata: { crm: 42 }, unsafe_metadata: {} },
      created_at: '2020-01-02T03:04:05.678Z',
      updated_at: '2020-06-07T08:09:10+02:00',
    },
    { user_id: ids[1], emails: [{ address: 'bob@example.com', is_primary: true }] },
    { user_id: ids[2], emails: [{ address: 'not an email', is_primary: true }] },
    {
      user_id: ids[3],
      emails: [
        { address: 'carol@example.com', is_primary: true },
        { address: 'TAKEN@example.com', is_primary: false },
      ],
      username: 'carol',
    },
    {
      user_id: ids[4],
      emails: [{ address: 'dave@example.com', is_primary: true }],
      metadata: { public_metadata: { note: 'x'.repeat(3000) } },
    },
    {
      user_id: ids[5],
      emails: [{ address: 'emoji@example.com', is_primary: true }],
      // 2,998 code points as compact JSON, but 5,988 UTF-16 units: within the limit.
      metadata: { unsafe_metadata: { e: '😀'.repeat(2990) } },
    },
    {
      user_id: ids[6],
      emails: [
        { address: 'two1@example.com', is_primary: true },
        { address: 'two2@example.com', is_primary: true },
      ],
    },
    {
      user_id: ids[7],
      emails: [{ address: 'mfa@example.com', is_primary: true }],
      webauthn_credentials: [
        { id: 'cred-mfa', public_key: 'pQEC', attestation_type: 'none', mfa_only: true, user_handle: 'h' },
      ],
    },
    { user_id: ids[8], emails: [{ address: 'Bob@Example.com', is_primary: true }] },
    { username: 'only_username', created_at: '2019-09-09T09:09:09Z' },
  ];
}

const EXPECTED_PROBLEMS = [
  { index: 2, path: '/emails/0/address', message: 'must be a valid email' },
  { index: 3, path: '/emails/1/address', message: 'already belongs to another user' },
  { index: 4, path: '/metadata/public_metadata', message: 'must not exceed 3000 characters as compact JSON' },
  { index: 6, path: '/emails', message: 'must have exactly one primary address (found 2)' },
  {
    index: 7,
    path: '/webauthn_credentials/0/user_handle',
    message: 'must not be set on an mfa_only credential',
  },
  { index: 8, path: '/emails/0/address', message: 'is also used by entry 1' },
];

for (const dialect of testDialects()) {
  describe(`user import and export [${dialect}]`, () => {
    let tdb: TestDatabase;
    let knex: Knex;
    const dir = tempDir('hanko-import-');
    before(async () => {
      tdb = await createTestDatabase(dialect);
      knex = tdb.db.knex;
    });
    after(() => tdb.drop());

    it('imports 10,000 generated users; importing the file again changes nothing', async (t) => {
      const file = path.join(dir, 'generated.json');
      await generateUsers(file, 10_000);
      const entries = await readImportFile(file);
      const started = performance.now();
      const first = await importUsers(knex, entries);
      t.diagnostic(`[${dialect}] imported 10,000 users in ${Math.round(performance.now() - started)} ms`);
      assert.deepEqual(first, { created: 10_000, skipped: 0, failed: 0, problems: [] });
      const c = await counts(knex);
      assert.equal(c.users, 10_000);
      assert.equal(c.emails, 10_000);
      assert.equal(c.primary_emails, 10_000);
      const [unverified] = await knex('emails').where({ verified: false }).count({ n: '*' });
      assert.equal(Number(unverified?.n), 0);

      const before = await stamps(knex);
      const again = performance.now();
      const second = await importUsers(knex, entries);
      t.diagnostic(`[${dialect}] re-import (all skipped) in ${Math.round(performance.now() - again)} ms`);
      assert.deepEqual(second, { created: 0, skipped: 10_000, failed: 0, problems: [] });
      assert.deepEqual(await counts(knex), c);
      assert.equal(await stamps(knex), before);
      await knex('primary_emails').delete();
      await knex('users').delete();
    });

    it('reports each broken entry with index and field, writes nothing of it, imports the rest', async () => {
      await importUsers(knex, [
        { user_id: ids[10], emails: [{ address: 'taken@example.com', is_primary: true, is_verified: true }] },
      ]);
      const summary = await importUsers(knex, mixedFile(), { batchSize: 3 });
      assert.deepEqual(summary.problems, EXPECTED_PROBLEMS);
      assert.equal(summary.created, 4);
      assert.equal(summary.failed, 6);

      for (const i of [2, 3, 4, 6, 7, 8])
        assert.equal(await knex('users').where({ id: ids[i] }).first(), undefined);
      for (const a of ['carol@example.com', 'dave@example.com', 'two1@example.com', 'mfa@example.com'])
        assert.equal(await knex('emails').where({ address: a }).first(), undefined, a);
      assert.equal(await knex('usernames').where({ username: 'carol' }).first(), undefined);
      assert.equal((await knex('emails').where({ address: 'taken@example.com' }).first()).user_id, ids[10]);

      // Entry 0, field by field.
      const user = await knex('users').where({ id: ids[0] }).first();
      assert.equal(user.created_at.toISOString(), '2020-01-02T03:04:05.678Z');
      assert.equal(user.updated_at.toISOString(), '2020-06-07T06:09:10.000Z');
      const emails = await knex('emails as e')
        .leftJoin('primary_emails as p', 'p.email_id', 'e.id')
        .where('e.user_id', ids[0])
        .orderBy('e.address')
        .select('e.address', 'e.verified', 'p.user_id as primary_of');
      assert.deepEqual(emails, [
        { address: 'ann.main@example.com', verified: true, primary_of: ids[0] },
        { address: 'ann.other@example.com', verified: false, primary_of: null },
      ]);
      assert.equal((await knex('usernames').where({ user_id: ids[0] }).first()).username, 'ann_import');
      const pw = await knex('password_credentials').where({ user_id: ids[0] }).first();
      assert.equal(pw.password, HASH);
      assert.equal(pw.created_at.toISOString(), '2021-03-04T05:06:07.000Z');
      assert.ok(await createPasswordHasher(testConfig()).verify(pw.password, 'correct horse'));
      assert.equal((await knex('otp_secrets').where({ user_id: ids[0] }).first()).secret, 'JBSWY3DPEHPK3PXP');
      const creds = await knex('webauthn_credentials').where({ user_id: ids[0] }).orderBy('id');
      assert.equal(creds.length, 2);
      assert.equal(creds[0].aaguid, 'adce0002-35bc-c60a-648b-0b25f1f05503');
      assert.equal(creds[0].sign_count, 7);
      assert.equal(creds[0].backup_eligible, true);
      assert.equal(creds[0].last_used_at.toISOString(), '2023-01-01T00:00:00.000Z');
      assert.equal(creds[1].mfa_only, true);
      assert.equal(creds[1].aaguid, '00000000-0000-0000-0000-000000000000');
      const handle = await knex('webauthn_credential_user_handles')
        .where({ id: creds[0].user_handle_id })
        .first();
      assert.deepEqual([handle.handle, handle.user_id], ['legacy-handle-ann', ids[0]]);
      const transports = await knex('webauthn_credential_transports')
        .where({ webauthn_credential_id: 'cred-ann-1' })
        .orderBy('name')
        .pluck('name');
      assert.deepEqual(transports, ['nfc', 'usb']);
      const md = await knex('user_metadata').where({ user_id: ids[0] }).first();
      assert.deepEqual(
        [md.public_metadata, md.private_metadata, md.unsafe_metadata],
        ['{"role":"admin"}', '{"crm":42}', null],
      );
      const emoji = await knex('user_metadata').where({ user_id: ids[5] }).first();
      assert.equal([...JSON.parse(emoji.unsafe_metadata).e].length, 2990);
      const onlyName = await knex('usernames').where({ username: 'only_username' }).first();
      const u9 = await knex('users').where({ id: onlyName.user_id }).first();
      assert.equal(u9.created_at.toISOString(), '2019-09-09T09:09:09.000Z');

      // The same file again: nothing changes, the entry without user_id is recognised by its username.
      const c = await counts(knex);
      const before = await stamps(knex);
      const again = await importUsers(knex, mixedFile());
      assert.deepEqual(again.problems, EXPECTED_PROBLEMS);
      assert.deepEqual([again.created, again.skipped, again.failed], [0, 4, 6]);
      assert.deepEqual(await counts(knex), c);
      assert.equal(await stamps(knex), before);
    });

    it('when the database refuses one entry of a batch (a row written concurrently), only that entry fails', async () => {
      const now = new Date();
      const good = planEntry({ emails: [{ address: 'race-ok@example.com', is_primary: true }] }, 0, now);
      const bad = planEntry({ emails: [{ address: 'taken@example.com', is_primary: true }] }, 1, now);
      const late = planEntry({ emails: [{ address: 'race-late@example.com', is_primary: true }] }, 2, now);
      bad.claims = []; // as if the address had been taken after the lookup
      const outcomes = await writeBatch(knex, [good, bad, late]);
      assert.deepEqual(
        outcomes.map((o) => [o.index, o.status]),
        [
          [0, 'created'],
          [1, 'failed'],
          [2, 'created'],
        ],
      );
      assert.match((outcomes[1] as { message: string }).message, /^refused by the database: /);
      assert.equal(await knex('users').where({ id: bad.userId }).first(), undefined);
      assert.ok(await knex('users').where({ id: good.userId }).first());
      assert.ok(await knex('users').where({ id: late.userId }).first());
    });

    it('exports the users in the import format (file mode 0600) and imports the export unchanged', async () => {
      const file = path.join(dir, 'export.json');
      writeFileSync(file, 'old content', { mode: 0o644 });
      const n = await exportUsers(knex, file, { pageSize: 2 });
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const exported = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
      assert.equal(n, exported.length);
      assert.equal(n, (await counts(knex)).users);
      const ann = exported.find((e) => e.user_id === ids[0]);
      assert.deepEqual(ann, {
        user_id: ids[0],
        emails: [
          { address: 'ann.main@example.com', is_primary: true, is_verified: true },
          { address: 'ann.other@example.com', is_primary: false, is_verified: false },
        ],
        username: 'ann_import',
        metadata: { public_metadata: { role: 'admin' }, private_metadata: { crm: 42 } },
        created_at: '2020-01-02T03:04:05.678Z',
        updated_at: '2020-06-07T06:09:10.000Z',
      });

      const other = await createTestDatabase(dialect);
      try {
        const summary = await importUsers(other.db.knex, exported);
        assert.deepEqual(summary, { created: n, skipped: 0, failed: 0, problems: [] });
        const file2 = path.join(dir, 'export2.json');
        await exportUsers(other.db.knex, file2);
        assert.equal(readFileSync(file2, 'utf8'), readFileSync(file, 'utf8'));
      } finally {
        await other.drop();
      }
    });
  });
}

describe('hanko user CLI (embedded database)', () => {
  it('generates, imports (file and URL), re-imports, reports a bad entry and exports', async () => {
    const cwd = tempDir('hanko-user-cli-');
    const gen = await runCli(['user', 'generate', '-o', 'users.json', '-n', '25'], { cwd });
    assert.equal(gen.code, 0, gen.stderr);
    assert.equal((JSON.parse(readFileSync(path.join(cwd, 'users.json'), 'utf8')) as unknown[]).length, 25);

    const imp = await runCli(['user', 'import', '-i', 'users.json'], { cwd });
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /^created 25, skipped 0, failed 0$/m);

    const body = readFileSync(path.join(cwd, 'users.json'));
    const server = createServer((req, res) => {
      if (req.url === '/users.json') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const again = await runCli(['user', 'import', '--inputUrl', `${base}/users.json`], { cwd });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^created 0, skipped 25, failed 0$/m);
      const missing = await runCli(['user', 'import', '-u', `${base}/nope.json`], { cwd });
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /answered 404/);
    } finally {
      server.close();
    }

    writeFileSync(
      path.join(cwd, 'bad.json'),
      JSON.stringify([
        { emails: [{ address: 'fine@example.com', is_primary: true }] },
        { emails: [{ address: 'broken', is_primary: true }] },
      ]),
    );
    const bad = await runCli(['user', 'import', '-i', 'bad.json'], { cwd });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Error at entry 1 \(\/emails\/0\/address\): must be a valid email/);
    assert.match(bad.stdout, /^created 1, skipped 0, failed 1$/m);

    const both = await runCli(['user', 'import', '-i', 'a.json', '-u', 'http://x/'], { cwd });
    assert.notEqual(both.code, 0);
    assert.match(both.stderr, /exactly one of -i\/--inputFile and -u\/--inputUrl/);

    const exp = await runCli(['user', 'export', '--outputFile', 'out.json'], { cwd });
    assert.equal(exp.code, 0, exp.stderr);
    assert.match(exp.stdout, /exported 26 users/);
    assert.equal(statSync(path.join(cwd, 'out.json')).mode & 0o777, 0o600);
    const out = JSON.parse(readFileSync(path.join(cwd, 'out.json'), 'utf8')) as Array<{ emails: unknown[] }>;
    assert.equal(out.length, 26);
  });
});

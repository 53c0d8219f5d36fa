import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AdminCall,
  adminClient,
  ownedRowCounts,
  seedCredential,
  seedEverything,
  seedUser,
  UNKNOWN_ID,
} from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

for (const dialect of testDialects()) {
  describe(`admin API: users [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect);
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    describe('POST /users', () => {
      it('creates a user with emails and a username, lower-cased', async () => {
        const res = await call('POST', '/users', {
          emails: [
            { address: 'Ann@Example.COM', is_primary: true, is_verified: true },
            { address: 'ann2@example.com' },
          ],
          username: 'AnnUser',
        });
        assert.equal(res.status, 200);
        const u = res.body;
        assert.match(u.id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(
          u.emails
            .map((e: { address: string; is_primary: boolean; is_verified: boolean }) => [
              e.address,
              e.is_primary,
              e.is_verified,
            ])
            .sort(),
          [
            ['ann2@example.com', false, false],
            ['ann@example.com', true, true],
          ],
        );
        assert.equal(u.username.username, 'annuser');
        assert.equal(u.password, undefined);
        assert.equal(u.webauthn_credentials, undefined);
        const got = await call('GET', `/users/${u.id}`);
        assert.deepEqual(got.body, u);
      });

      it('takes the given id and created_at', async () => {
        const id = 'a3f6c3a8-45a5-4b69-9c2e-1c1a3f3f0001';
        const res = await call('POST', '/users', {
          id,
          username: 'withid',
          created_at: '2020-01-02T03:04:05Z',
        });
        assert.equal(res.status, 200);
        assert.equal(res.body.id, id);
        assert.equal(res.body.created_at, '2020-01-02T03:04:05.000Z');
        assert.notEqual(res.body.updated_at, res.body.created_at);
        const again = await call('POST', '/users', { id, username: 'other' });
        assert.equal(again.status, 409);
        assert.equal(again.body.message, `failed to create user with id '${id}': user already exists`);
      });

      it('refuses invalid bodies with upstream messages', async () => {
        const cases: Array<[unknown, string]> = [
          [{}, 'at least one of [Emails, Username] must be set'],
          [{ emails: [], username: '' }, 'at least one of [Emails, Username] must be set'],
          [{ emails: [{ address: 'a@b.io' }] }, 'at least one primary email must be provided'],
          [
            {
              emails: [
                { address: 'a@b.io', is_primary: true },
                { address: 'c@b.io', is_primary: true },
              ],
            },
            'only one primary email is allowed',
          ],
          [{ emails: [{ address: '' }] }, 'address is a required field'],
          [{ emails: [{ address: 'nope' }] }, 'address must be a valid email address'],
          [
            { emails: [{ address: 'x' }, { address: 'not-an-email', is_primary: true }] },
            'address must be a valid email address and address must be a valid email address',
          ],
          [
            { emails: [{ address: 'a@b.io', is_primary: true }, { address: 'A@b.io' }] },
            'emails entries are not unique',
          ],
          [{ id: 'nope', username: 'x' }, 'id must be a valid uuid'],
          [{ username: 'x', created_at: 'yesterday' }, 'created_at must be a valid RFC 3339 timestamp'],
          [{ emails: 'a@b.io' }, 'Unmarshal type error: expected=array, got=string, field=emails'],
        ];
        for (const [body, message] of cases) {
          const res = await call('POST', '/users', body);
          assert.equal(res.status, 400, JSON.stringify(body));
          assert.deepEqual(res.body, { code: 400, message }, JSON.stringify(body));
        }
      });

      it('answers 409 for a taken address or username and writes nothing', async () => {
        await seedUser(rt.services.db.knex, { email: 'taken@example.com', username: 'takenname' });
        const before = await rt.services.db.knex('users').count({ n: '*' });
        const email = await call('POST', '/users', {
          emails: [{ address: 'TAKEN@example.com', is_primary: true }],
        });
        assert.equal(email.status, 409);
        assert.match(
          email.body.message,
          /^failed to create email 'taken@example.com' for user '.+': email already exists$/,
        );
        const name = await call('POST', '/users', {
          emails: [{ address: 'fresh@example.com', is_primary: true }],
          username: 'TakenName',
        });
        assert.equal(name.status, 409);
        assert.match(name.body.message, /username already exists$/);
        assert.deepEqual(await rt.services.db.knex('users').count({ n: '*' }), before);
        assert.equal(
          await rt.services.db.knex('emails').where({ address: 'fresh@example.com' }).first(),
          undefined,
        );
      });
    });

    describe('GET /users/{id}', () => {
      it('shows the full user', async () => {
        const db = rt.services.db.knex;
        const { id, emailId } = await seedUser(db, { email: 'full@example.com', username: 'full' });
        await seedEverything(db, id, emailId!);
        const res = await call('GET', `/users/${id}`);
        assert.equal(res.status, 200);
        const u = res.body;
        assert.equal(u.webauthn_credentials.length, 1);
        const c = u.webauthn_credentials[0];
        assert.deepEqual(c.transports, ['hybrid', 'internal']);
        assert.equal(c.name, 'My key');
        assert.equal(c.backup_eligible, true);
        assert.equal(c.mfa_only, false);
        assert.equal(c.last_used_at, undefined);
        assert.ok(u.password.id);
        assert.ok(u.otp.id && u.otp.created_at);
        assert.deepEqual(u.metadata, { public_metadata: { a: 1 } });
        assert.equal(u.identities.length, 1);
        assert.equal(u.identities[0].provider_name, 'google');
        assert.equal(u.identities[0].email_id, emailId);
        assert.equal(u.emails[0].is_primary, true);
      });

      it('400 for a malformed id, 404 for an unknown one', async () => {
        assert.deepEqual((await call('GET', '/users/not-a-uuid')).body, {
          code: 400,
          message: 'failed to parse userId as uuid',
        });
        assert.deepEqual((await call('GET', `/users/${UNKNOWN_ID}`)).body, {
          code: 404,
          message: 'user not found',
        });
      });
    });

    describe('PATCH /users/{id}', () => {
      it('sets, keeps and clears fields', async () => {
        const { id } = await seedUser(rt.services.db.knex, {
          email: 'patch@example.com',
          createdAt: new Date(Date.now() - 60_000),
        });
        const set = await call('PATCH', `/users/${id}`, {
          username: ' NewName ',
          name: 'Ann Smith',
          given_name: 'Ann',
          picture: 'https://cdn.example.com/a.png',
        });
        assert.equal(set.status, 200);
        assert.equal(set.body.username.username, 'newname');
        assert.equal(set.body.name, 'Ann Smith');
        assert.equal(set.body.given_name, 'Ann');
        assert.equal(set.body.picture, 'https://cdn.example.com/a.png');
        assert.notEqual(set.body.updated_at, set.body.created_at);
        const unchanged = await call('PATCH', `/users/${id}`, { name: 'Ann Smith' });
        assert.equal(unchanged.body.updated_at, set.body.updated_at, 'no change, no new updated_at');
        const cleared = await call('PATCH', `/users/${id}`, { username: null, given_name: null });
        assert.equal(cleared.body.username, undefined);
        assert.equal(cleared.body.given_name, undefined);
        assert.equal(cleared.body.name, 'Ann Smith');
      });

      it('refuses invalid values', async () => {
        const { id } = await seedUser(rt.services.db.knex, { email: 'patch2@example.com' });
        await seedUser(rt.services.db.knex, { username: 'someoneelse' });
        const cases: Array<[unknown, number, string]> = [
          [{ name: '  ' }, 400, 'name must be a non-empty string or null'],
          [{ family_name: 5 }, 400, 'family_name must be a non-empty string or null'],
          [{ username: 'has space' }, 400, 'username is invalid'],
          [{ picture: 'ftp://x.io/a.png' }, 400, 'picture must be a valid http(s) URL or null'],
          [{ picture: 'https://user:pw@x.io/a.png' }, 400, 'picture must be a valid http(s) URL or null'],
          [{ username: 'SomeoneElse' }, 409, 'username already exists'],
        ];
        for (const [body, status, message] of cases) {
          const res = await call('PATCH', `/users/${id}`, body);
          assert.deepEqual(res.body, { code: status, message }, JSON.stringify(body));
        }
        assert.equal((await call('PATCH', '/users/nope', {})).status, 400);
        assert.deepEqual((await call('PATCH', `/users/${UNKNOWN_ID}`, { name: 'x' })).body, {
          code: 404,
          message: 'user not found',
        });
      });
    });

    describe('DELETE /users/{id}', () => {
      it("removes everything that is the user's and nothing of another user", async () => {
        const db = rt.services.db.knex;
        const a = await seedUser(db, { email: 'del-a@example.com', username: 'dela' });
        const b = await seedUser(db, { email: 'del-b@example.com', username: 'delb' });
        await seedEverything(db, a.id, a.emailId!);
        await seedEverything(db, b.id, b.emailId!);
        const extra = await seedCredential(db, a.id, { mfaOnly: true });
        const before = await ownedRowCounts(db, b.id);
        const aBefore = await ownedRowCounts(db, a.id);
        assert.ok(
          Object.values(aBefore).every((n) => n > 0),
          JSON.stringify(aBefore),
        );
        await db('audit_logs').insert({
          id: '6f1f7a7e-1111-4c9a-8f00-000000000001',
          type: 'login_success',
          meta_http_request_id: 'r',
          meta_source_ip: '1.1.1.1',
          meta_user_agent: 'ua',
          actor_user_id: a.id,
          created_at: new Date(),
          updated_at: new Date(),
        });

        const res = await call('DELETE', `/users/${a.id}`);
        assert.equal(res.status, 204);
        assert.equal(res.text, '');
        const aAfter = await ownedRowCounts(db, a.id);
        assert.ok(
          Object.values(aAfter).every((n) => n === 0),
          JSON.stringify(aAfter),
        );
        assert.equal(
          (await db('webauthn_credential_transports').where({ webauthn_credential_id: extra })).length,
          0,
        );
        assert.deepEqual(await ownedRowCounts(db, b.id), before);
        assert.ok(
          await db('audit_logs').where({ actor_user_id: a.id }).first(),
          'audit entries outlive users',
        );
        assert.equal((await call('GET', `/users/${a.id}`)).status, 404);
      });

      it('400 for a malformed id, 404 for an unknown one', async () => {
        assert.equal((await call('DELETE', '/users/123')).status, 400);
        assert.deepEqual((await call('DELETE', `/users/${UNKNOWN_ID}`)).body, {
          code: 404,
          message: 'user not found',
        });
      });
    });
  });
}

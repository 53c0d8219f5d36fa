import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, seedUser, UNKNOWN_ID } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const nested = (message: string) => ({ code: 400, message: `code=400, message=${message}` });

for (const dialect of testDialects()) {
  describe(`admin API: sessions [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect, { session: { limit: 2 } });
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    const user = () =>
      seedUser(rt.services.db.knex, {
        email: `s${randomUUID().slice(0, 8)}@example.com`,
        username: `s${randomUUID().slice(0, 8)}`,
      });

    describe('POST /sessions', () => {
      it('issues a session token for the user, with the given user agent and IP, and writes an audit entry', async () => {
        const u = await user();
        const res = await call('POST', '/sessions', {
          user_id: u.id,
          user_agent: 'Importer/1.0',
          ip_address: '2001:db8::1',
        });
        assert.equal(res.status, 200);
        assert.deepEqual(Object.keys(res.body), ['session_token']);
        assert.equal(res.headers.get('set-cookie'), null);
        const claims = await rt.services.jwks.verify(res.body.session_token);
        assert.equal(claims.sub, u.id);
        assert.equal((claims.email as { is_primary: boolean }).is_primary, true);
        const row = await rt.services.db.knex('sessions').where({ id: claims.session_id }).first();
        assert.equal(row.user_id, u.id);
        assert.equal(row.user_agent, 'Importer/1.0');
        assert.equal(row.ip_address, '2001:db8::1');
        const audit = await rt.services.db.knex('audit_logs').where({ actor_user_id: u.id }).first();
        assert.equal(audit.type, 'login_success');
        assert.deepEqual(JSON.parse(audit.details), { api: 'admin' });
      });

      it('keeps at most session.limit sessions', async () => {
        const u = await user();
        for (let i = 0; i < 3; i++)
          assert.equal((await call('POST', '/sessions', { user_id: u.id })).status, 200);
        assert.equal((await call('GET', `/users/${u.id}/sessions`)).body.length, 2);
      });

      it('validates the body', async () => {
        const cases: Array<[unknown, string]> = [
          [{}, 'user_id is a required field'],
          [{ user_id: 'abc' }, 'user_id must be a valid uuid'],
          [
            { user_id: 'abc', ip_address: '300.1.1.1' },
            'user_id must be a valid uuid and ip_address must be a valid ip address (v4 or v6)',
          ],
        ];
        for (const [body, message] of cases)
          assert.deepEqual((await call('POST', '/sessions', body)).body, { code: 400, message });
        assert.deepEqual((await call('POST', '/sessions', { user_id: UNKNOWN_ID })).body, {
          code: 404,
          message: 'user not found',
        });
      });
    });

    describe('/users/{user_id}/sessions', () => {
      it('lists active sessions, newest first', async () => {
        const u = await user();
        const db = rt.services.db.knex;
        const now = Date.now();
        const row = (id: string, createdAgoMs: number, expiresInMs: number) => ({
          id,
          user_id: u.id,
          user_agent: null,
          ip_address: null,
          expires_at: new Date(now + expiresInMs),
          last_used: new Date(now - createdAgoMs),
          created_at: new Date(now - createdAgoMs),
          updated_at: new Date(now - createdAgoMs),
        });
        const older = randomUUID();
        const newer = randomUUID();
        await db('sessions').insert([
          row(older, 60_000, 3_600_000),
          row(newer, 1_000, 3_600_000),
          row(randomUUID(), 0, -1_000),
        ]);
        const res = await call('GET', `/users/${u.id}/sessions`);
        assert.equal(res.status, 200);
        assert.deepEqual(
          res.body.map((s: { id: string }) => s.id),
          [newer, older],
        );
        assert.deepEqual(Object.keys(res.body[0]).sort(), [
          'created_at',
          'expires_at',
          'id',
          'ip_address',
          'last_used',
          'updated_at',
          'user_agent',
          'user_id',
        ]);
        assert.equal(res.body[0].user_agent, null);
      });

      it("revokes a session; another user's session is 404 and survives", async () => {
        const a = await user();
        const b = await user();
        const token = (await call('POST', '/sessions', { user_id: a.id })).body.session_token;
        const { session_id } = await rt.services.jwks.verify(token);
        assert.equal((await call('DELETE', `/users/${b.id}/sessions/${session_id}`)).status, 404);
        assert.ok(await rt.services.db.knex('sessions').where({ id: session_id }).first());
        assert.equal((await call('DELETE', `/users/${a.id}/sessions/${session_id}`)).status, 204);
        assert.equal(await rt.services.db.knex('sessions').where({ id: session_id }).first(), undefined);
        assert.equal((await call('DELETE', `/users/${a.id}/sessions/${session_id}`)).status, 404);
      });

      it('400 for malformed ids, 404 for an unknown user', async () => {
        const u = await user();
        assert.deepEqual(
          (await call('GET', '/users/x/sessions')).body,
          nested('user_id must be a valid uuid'),
        );
        assert.deepEqual(
          (await call('DELETE', `/users/${u.id}/sessions/a3f6c3a8-45a5-11ee-9c2e-1c1a3f3f0001`)).body,
          nested('session_id must be a valid uuid4'),
        );
        assert.deepEqual(
          (await call('DELETE', '/users/x/sessions/y')).body,
          nested('user_id must be a valid uuid and session_id must be a valid uuid4'),
        );
        assert.deepEqual((await call('GET', `/users/${UNKNOWN_ID}/sessions`)).body, {
          code: 404,
          message: 'Not Found',
        });
        assert.equal((await call('DELETE', `/users/${UNKNOWN_ID}/sessions/${randomUUID()}`)).status, 404);
      });
    });
  });
}

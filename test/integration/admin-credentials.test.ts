import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, seedCredential, seedUser, UNKNOWN_ID } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const nested = (message: string) => ({ code: 400, message: `code=400, message=${message}` });

for (const dialect of testDialects()) {
  describe(`admin API: WebAuthn credentials, password, OTP [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect);
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    const user = () => seedUser(rt.services.db.knex, { username: `c${randomUUID().slice(0, 8)}` });

    describe('webauthn_credentials', () => {
      it('lists, gets and deletes a credential', async () => {
        const u = await user();
        const id = await seedCredential(rt.services.db.knex, u.id, { mfaOnly: true });
        const list = await call('GET', `/users/${u.id}/webauthn_credentials`);
        assert.equal(list.status, 200);
        assert.equal(list.body.length, 1);
        const one = await call('GET', `/users/${u.id}/webauthn_credentials/${id}`);
        assert.deepEqual(one.body, list.body[0]);
        assert.deepEqual(Object.keys(one.body).sort(), [
          'aaguid',
          'attestation_type',
          'backup_eligible',
          'backup_state',
          'created_at',
          'id',
          'mfa_only',
          'name',
          'public_key',
          'transports',
        ]);
        assert.equal(one.body.mfa_only, true);
        assert.equal((await call('DELETE', `/users/${u.id}/webauthn_credentials/${id}`)).status, 204);
        assert.deepEqual((await call('GET', `/users/${u.id}/webauthn_credentials`)).body, []);
        assert.equal(
          (await rt.services.db.knex('webauthn_credential_transports').where({ webauthn_credential_id: id }))
            .length,
          0,
        );
        assert.deepEqual((await call('DELETE', `/users/${u.id}/webauthn_credentials/${id}`)).body, {
          code: 404,
          message: 'webauthn credential not found',
        });
      });

      it("404 for unknown users and for another user's credential; 400 for a malformed user id", async () => {
        const a = await user();
        const b = await user();
        const id = await seedCredential(rt.services.db.knex, a.id);
        assert.deepEqual((await call('GET', `/users/${b.id}/webauthn_credentials/${id}`)).body, {
          code: 404,
          message: 'webauthn credential not found',
        });
        assert.equal((await call('DELETE', `/users/${b.id}/webauthn_credentials/${id}`)).status, 404);
        assert.equal(
          (await call('GET', `/users/${a.id}/webauthn_credentials/${id}`)).status,
          200,
          'still there',
        );
        assert.deepEqual((await call('GET', `/users/${UNKNOWN_ID}/webauthn_credentials`)).body, {
          code: 404,
          message: 'Not Found',
        });
        assert.equal((await call('GET', `/users/${UNKNOWN_ID}/webauthn_credentials/${id}`)).status, 404);
        assert.deepEqual(
          (await call('GET', '/users/nope/webauthn_credentials')).body,
          nested('user_id must be a valid uuid'),
        );
        assert.deepEqual(
          (await call('DELETE', `/users/nope/webauthn_credentials/${id}`)).body,
          nested('user_id must be a valid uuid'),
        );
      });
    });

    describe('password', () => {
      it('creates, reads, replaces and deletes a password', async () => {
        const u = await user();
        const path = `/users/${u.id}/password`;
        assert.deepEqual((await call('GET', path)).body, { code: 404, message: 'Not Found' });
        const created = await call('POST', path, { password: 'first-secret' });
        assert.equal(created.status, 200);
        assert.deepEqual(Object.keys(created.body).sort(), ['created_at', 'id', 'updated_at']);
        assert.deepEqual((await call('GET', path)).body, created.body);
        const hash = async () =>
          (await rt.services.db.knex('password_credentials').where({ user_id: u.id }).first())
            .password as string;
        assert.ok(await rt.services.passwords.verify(await hash(), 'first-secret'));
        assert.deepEqual((await call('POST', path, { password: 'again' })).body, {
          code: 409,
          message: 'Conflict',
        });

        const replaced = await call('PUT', path, { password: 'second-secret' });
        assert.equal(replaced.status, 200);
        assert.equal(replaced.body.id, created.body.id);
        assert.ok(await rt.services.passwords.verify(await hash(), 'second-secret'));
        assert.equal(await rt.services.passwords.verify(await hash(), 'first-secret'), false);

        assert.equal((await call('DELETE', path)).status, 204);
        assert.equal((await call('GET', path)).status, 404);
        assert.equal((await call('PUT', path, { password: 'x' })).status, 404);
        assert.equal((await call('DELETE', path)).status, 404);
      });

      it('validates the request', async () => {
        const u = await user();
        assert.deepEqual(
          (await call('POST', `/users/${u.id}/password`, {})).body,
          nested('password is a required field'),
        );
        assert.deepEqual(
          (await call('PUT', `/users/${u.id}/password`, { password: '' })).body,
          nested('password is a required field'),
        );
        assert.deepEqual(
          (await call('POST', '/users/nope/password', {})).body,
          nested('user_id must be a valid uuid and password is a required field'),
        );
        assert.deepEqual((await call('POST', `/users/${u.id}/password`, { password: 'é'.repeat(37) })).body, {
          code: 400,
          message: 'password must not be longer than 72 bytes',
        });
        assert.equal(
          (await call('POST', `/users/${UNKNOWN_ID}/password`, { password: 'secret' })).status,
          404,
        );
        assert.equal((await call('GET', `/users/${UNKNOWN_ID}/password`)).status, 404);
        assert.deepEqual(
          (await call('GET', '/users/nope/password')).body,
          nested('user_id must be a valid uuid'),
        );
        assert.equal(
          await rt.services.db.knex('password_credentials').where({ user_id: u.id }).first(),
          undefined,
        );
      });
    });

    describe('otp', () => {
      it('shows and deletes the TOTP credential', async () => {
        const u = await user();
        const path = `/users/${u.id}/otp`;
        assert.deepEqual((await call('GET', path)).body, { code: 404, message: 'Not Found' });
        const id = randomUUID();
        const now = new Date();
        await rt.services.db
          .knex('otp_secrets')
          .insert({ id, user_id: u.id, secret: 'JBSWY3DPEHPK3PXP', created_at: now, updated_at: now });
        const got = await call('GET', path);
        assert.equal(got.status, 200);
        assert.deepEqual(Object.keys(got.body).sort(), ['created_at', 'id']);
        assert.equal(got.body.id, id);
        assert.equal((await call('DELETE', path)).status, 204);
        assert.equal((await call('DELETE', path)).status, 404);
        assert.equal((await call('GET', path)).status, 404);
      });

      it('400 for a malformed user id, 404 for an unknown one', async () => {
        assert.deepEqual((await call('GET', '/users/123/otp')).body, nested('user_id must be a valid uuid'));
        assert.deepEqual(
          (await call('DELETE', '/users/123/otp')).body,
          nested('user_id must be a valid uuid'),
        );
        assert.equal((await call('GET', `/users/${UNKNOWN_ID}/otp`)).status, 404);
        assert.equal((await call('DELETE', `/users/${UNKNOWN_ID}/otp`)).status, 404);
      });
    });
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, seedUser, UNKNOWN_ID } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const nested = (message: string) => ({ code: 400, message: `code=400, message=${message}` });

for (const dialect of testDialects()) {
  describe(`admin API: user emails [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect, { email: { limit: 3 } });
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    const unique = () => `u${randomUUID().slice(0, 8)}@example.com`;
    const user = (opts: { email?: string } = {}) =>
      seedUser(rt.services.db.knex, {
        email: opts.email ?? unique(),
        username: `n${randomUUID().slice(0, 8)}`,
      });

    it('lists the emails of a user', async () => {
      const u = await user({ email: 'list@example.com' });
      const res = await call('GET', `/users/${u.id}/emails`);
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 1);
      const [e] = res.body;
      assert.deepEqual(Object.keys(e).sort(), [
        'address',
        'created_at',
        'id',
        'is_primary',
        'is_verified',
        'updated_at',
      ]);
      assert.equal(e.address, 'list@example.com');
      assert.equal(e.is_primary, true);
    });

    it('adds an address; the first one of a user becomes primary, is_primary is ignored', async () => {
      const u = await user();
      const added = await call('POST', `/users/${u.id}/emails`, {
        address: 'Second@Example.com',
        is_primary: true,
        is_verified: true,
      });
      assert.equal(added.status, 201);
      assert.equal(added.body.address, 'second@example.com');
      assert.equal(added.body.is_primary, false);
      assert.equal(added.body.is_verified, true);

      const { id: bare } = await seedUser(rt.services.db.knex, {
        username: `bare${randomUUID().slice(0, 6)}`,
      });
      const first = await call('POST', `/users/${bare}/emails`, { address: unique() });
      assert.equal(first.body.is_primary, true);
      assert.equal(first.body.is_verified, false);
    });

    it('assigns an unowned address and keeps its verified flag; refuses an owned one', async () => {
      const db = rt.services.db.knex;
      const now = new Date();
      await db('emails').insert({
        id: randomUUID(),
        user_id: null,
        address: 'loose@example.com',
        verified: true,
        created_at: now,
        updated_at: now,
      });
      const u = await user();
      const res = await call('POST', `/users/${u.id}/emails`, {
        address: 'loose@example.com',
        is_verified: false,
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.is_verified, true);
      assert.equal((await db('emails').where({ address: 'loose@example.com' }).first()).user_id, u.id);
      const other = await user();
      assert.deepEqual(
        (await call('POST', `/users/${other.id}/emails`, { address: 'loose@example.com' })).body,
        {
          code: 400,
          message: 'Bad Request',
        },
      );
    });

    it('refuses more than email.limit addresses', async () => {
      const u = await user();
      for (let i = 0; i < 2; i++)
        assert.equal((await call('POST', `/users/${u.id}/emails`, { address: unique() })).status, 201);
      assert.deepEqual((await call('POST', `/users/${u.id}/emails`, { address: unique() })).body, {
        code: 409,
        message: 'Conflict',
      });
      assert.equal((await call('GET', `/users/${u.id}/emails`)).body.length, 3);
    });

    it('validates with nested messages', async () => {
      const u = await user();
      assert.deepEqual(
        (await call('POST', `/users/${u.id}/emails`, {})).body,
        nested('address is a required field'),
      );
      assert.deepEqual(
        (await call('POST', `/users/${u.id}/emails`, { address: 'no-at' })).body,
        nested('address must be a valid email address'),
      );
      assert.deepEqual(
        (await call('POST', '/users/bad/emails', {})).body,
        nested('user_id must be a valid uuid and address is a required field'),
      );
      assert.deepEqual((await call('GET', '/users/bad/emails')).body, nested('user_id must be a valid uuid'));
      const v1 = 'a3f6c3a8-45a5-11ee-9c2e-1c1a3f3f0001';
      assert.deepEqual(
        (await call('GET', `/users/${u.id}/emails/${v1}`)).body,
        nested('email_id must be a valid uuid4'),
      );
      assert.deepEqual(
        (await call('DELETE', `/users/x/emails/y`)).body,
        nested('user_id must be a valid uuid and email_id must be a valid uuid4'),
      );
    });

    it('gets one email; 404 for unknown users, unknown or foreign emails', async () => {
      const u = await user({ email: 'one@example.com' });
      const other = await user();
      const res = await call('GET', `/users/${u.id}/emails/${u.emailId}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.address, 'one@example.com');
      assert.deepEqual((await call('GET', `/users/${UNKNOWN_ID}/emails/${u.emailId}`)).body, {
        code: 404,
        message: `user with id '${UNKNOWN_ID}' was not found`,
      });
      assert.deepEqual((await call('GET', `/users/${other.id}/emails/${u.emailId}`)).body, {
        code: 404,
        message: `email with id '${u.emailId}' was not found`,
      });
      assert.equal((await call('GET', `/users/${UNKNOWN_ID}/emails`)).status, 404);
      assert.equal((await call('POST', `/users/${UNKNOWN_ID}/emails`, { address: unique() })).status, 404);
    });

    it('deletes a non-primary email, never the primary one', async () => {
      const u = await user();
      const second = (await call('POST', `/users/${u.id}/emails`, { address: unique() })).body;
      assert.deepEqual((await call('DELETE', `/users/${u.id}/emails/${u.emailId}`)).body, {
        code: 409,
        message: 'Conflict',
      });
      assert.equal((await call('DELETE', `/users/${u.id}/emails/${second.id}`)).status, 204);
      assert.equal((await call('GET', `/users/${u.id}/emails`)).body.length, 1);
      assert.equal((await call('DELETE', `/users/${u.id}/emails/${second.id}`)).status, 404);
    });

    it('sets the primary email', async () => {
      const u = await user();
      const other = await user();
      const second = (await call('POST', `/users/${u.id}/emails`, { address: unique() })).body;
      assert.equal((await call('POST', `/users/${u.id}/emails/${second.id}/set_primary`)).status, 204);
      const emails = (await call('GET', `/users/${u.id}/emails`)).body;
      assert.deepEqual(
        emails.map((e: { id: string; is_primary: boolean }) => [e.id, e.is_primary]).sort(),
        [
          [u.emailId, false],
          [second.id, true],
        ].sort(),
      );
      assert.equal(
        (await call('POST', `/users/${u.id}/emails/${second.id}/set_primary`)).status,
        204,
        'already primary',
      );
      assert.deepEqual((await call('POST', `/users/${u.id}/emails/${other.emailId}/set_primary`)).body, {
        code: 404,
        message: 'Not Found',
      });
      // The old primary can now be deleted.
      assert.equal((await call('DELETE', `/users/${u.id}/emails/${u.emailId}`)).status, 204);
    });
  });
}

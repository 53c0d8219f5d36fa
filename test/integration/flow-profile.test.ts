import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueSession } from '../../src/sessions/issue.ts';
import type { TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { type Inbox, startRuntimeWithInbox } from '../helpers/runtime-with-inbox.ts';
import { passcodeIn } from '../helpers/smtp-inbox.ts';

for (const dialect of testDialects()) {
  describe(`profile flow [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Inbox;
    let close: () => Promise<void>;
    before(async () => {
      ({ rt, smtp, close } = await startRuntimeWithInbox(dialect, {
        password: { enabled: false },
        passkey: { enabled: false },
        mfa: { enabled: false },
        username: { enabled: true },
        account: { allow_deletion: true },
      }));
    });
    after(() => close());

    /** A user created through the admin API with a session token. */
    const newUser = async (address: string) => {
      const res = await fetch(`${rt.adminUrl}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ emails: [{ address, is_primary: true, is_verified: true }] }),
      });
      assert.equal(res.status, 200);
      const { id } = (await res.json()) as { id: string };
      const { token, sessionId } = await issueSession(rt.services, { userId: id, amr: [] });
      return {
        id,
        token,
        sessionId,
        client: new FlowClient(rt.publicUrl, { Authorization: `Bearer ${token}` }),
      };
    };
    const open = async (client: FlowClient): Promise<FlowState> => {
      const s = await client.start('profile');
      assert.equal(s.name, 'preflight');
      const init = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      assert.equal(init.name, 'profile_init', JSON.stringify(init));
      return init;
    };
    type User = {
      emails: Array<{ id: string; address: string; is_primary: boolean; is_verified: boolean }>;
      username?: { username: string };
      metadata?: Record<string, unknown>;
    };
    const userOf = (s: FlowState) => s.payload!.user as User;

    it('refuses every request without a valid session', async () => {
      const anon = new FlowClient(rt.publicUrl);
      const s = await anon.start('profile');
      assert.deepEqual(s, {
        name: 'error',
        status: 401,
        csrf_token: '',
        actions: {},
        error: { code: 'unauthorized', message: 'The session is invalid.' },
        links: null,
      });
      const { client, sessionId } = await newUser('revoked@example.com');
      const init = await open(client);
      await rt.services.db.knex('sessions').where({ id: sessionId }).delete();
      const refused = await client.run(init, 'patch_metadata', { patch_metadata: { a: 1 } });
      assert.equal(refused.status, 401);
      assert.equal(refused.error?.code, 'unauthorized');
    });

    it('shows the user and the sessions, the current one marked', async () => {
      const { client, id, sessionId } = await newUser('shown@example.com');
      await issueSession(rt.services, {
        userId: id,
        amr: [],
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0',
      });
      const init = await open(client);
      assert.equal(userOf(init).emails[0]?.address, 'shown@example.com');
      const sessions = init.payload!.sessions as Array<{ id: string; current: boolean; user_agent?: string }>;
      assert.equal(sessions.length, 2);
      assert.equal(sessions.find((x) => x.current)?.id, sessionId);
      assert.equal(sessions.find((x) => !x.current)?.user_agent, 'Linux (Chrome)');
      const other = sessions.find((x) => !x.current)!.id;
      const after = await client.run(init, 'session_delete', { session_id: other });
      assert.equal(after.name, 'profile_init');
      assert.equal((after.payload!.sessions as unknown[]).length, 1);
      assert.equal(after.actions.session_delete, undefined, 'no other session left to revoke');
    });

    it('adds an email verified by passcode, makes it primary and deletes the old one', async () => {
      const { client } = await newUser('first@example.com');
      let s = await open(client);
      s = await client.run(s, 'email_create', { email: 'Second@Example.com' });
      assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('second@example.com')),
      });
      assert.equal(s.name, 'profile_init', JSON.stringify(s));
      const second = userOf(s).emails.find((e) => e.address === 'second@example.com');
      assert.ok(second?.is_verified);
      assert.equal(second?.is_primary, false);
      const unknown = await client.run(s, 'email_set_primary', {
        email_id: '6f1e7c1a-0000-4000-8000-000000000001',
      });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.error?.code, 'not_found');
      s = await client.run(unknown, 'email_set_primary', { email_id: second!.id });
      assert.equal(userOf(s).emails.find((e) => e.is_primary)?.address, 'second@example.com');
      await smtp.waitFor('first@example.com'); // primary_email_update notification to the old primary
      const first = userOf(s).emails.find((e) => e.address === 'first@example.com')!;
      s = await client.run(s, 'email_delete', { email_id: first.id });
      assert.deepEqual(
        userOf(s).emails.map((e) => e.address),
        ['second@example.com'],
      );
      assert.equal(s.actions.email_set_primary, undefined, 'a single primary address cannot be made primary');
    });

    it('refuses an email that exists and a new address beyond the limit', async () => {
      await newUser('taken@example.com');
      const { client } = await newUser('mine@example.com');
      let s = await open(client);
      const own = await client.run(s, 'email_create', { email: 'mine@example.com' });
      assert.equal(own.status, 400);
      assert.equal(
        (own.actions.email_create!.inputs.email as { error: { code: string } }).error.code,
        'email_already_exists',
      );
      // Another user's address: the same screens as for a new one, and no code is ever sent.
      s = await client.run(own, 'email_create', { email: 'taken@example.com' });
      assert.equal(s.name, 'passcode_confirmation');
    });

    it('creates, renames and deletes the username', async () => {
      await newUser('other-name@example.com').then(async (o) => {
        const s = await open(o.client);
        await o.client.run(s, 'username_create', { username: 'taken_name' });
      });
      const { client } = await newUser('named@example.com');
      let s = await open(client);
      const bad = await client.run(s, 'username_create', { username: 'no spaces!' });
      assert.equal(
        (bad.actions.username_create!.inputs.username as { error: { code: string } }).error.code,
        'invalid_username_error',
      );
      const taken = await client.run(bad, 'username_create', { username: 'Taken_Name' });
      assert.equal(
        (taken.actions.username_create!.inputs.username as { error: { code: string } }).error.code,
        'username_already_exists',
      );
      s = await client.run(taken, 'username_create', { username: 'Jane_D' });
      assert.equal(userOf(s).username?.username, 'jane_d');
      assert.equal(s.actions.username_create, undefined);
      s = await client.run(s, 'username_update', { username: 'jane_doe' });
      assert.equal(userOf(s).username?.username, 'jane_doe');
      s = await client.run(s, 'username_delete');
      assert.equal(userOf(s).username, undefined);
    });

    it('merge-patches unsafe metadata within 3,000 characters', async () => {
      const { client, id } = await newUser('meta@example.com');
      let s = await open(client);
      s = await client.run(s, 'patch_metadata', {
        patch_metadata: { theme: { mode: 'dark', size: 2 }, drop: 1 },
      });
      s = await client.run(s, 'patch_metadata', { patch_metadata: { theme: { size: null }, drop: null } });
      assert.deepEqual(userOf(s).metadata, { unsafe_metadata: { theme: { mode: 'dark' } } });
      const invalid = await client.run(s, 'patch_metadata', { patch_metadata: '[1,2]' });
      assert.equal(invalid.status, 400);
      assert.equal(
        (invalid.actions.patch_metadata!.inputs.patch_metadata as { error: { code: string } }).error.code,
        'invalid_metadata_error',
      );
      // {"theme":{"mode":"dark"},"x":"…"} with the string sized so the document is 3,001 characters; emoji count once.
      const base = JSON.stringify({ theme: { mode: 'dark' }, x: '' }).length;
      const tooLong = await client.run(invalid, 'patch_metadata', {
        patch_metadata: { x: '😀'.repeat(3001 - base) },
      });
      assert.equal(tooLong.status, 400);
      const exact = await client.run(tooLong, 'patch_metadata', {
        patch_metadata: { x: '😀'.repeat(3000 - base) },
      });
      assert.equal(exact.status, 200, JSON.stringify(exact.error));
      const row = await rt.services.db.knex('user_metadata').where({ user_id: id }).first();
      assert.equal([...row.unsafe_metadata].length, 3000);
    });

    it("does not let another user's session continue a profile flow", async () => {
      const a = await newUser('owner@example.com');
      const b = await newUser('intruder@example.com');
      const s = await open(a.client);
      const res = await b.client.run(s, 'patch_metadata', { patch_metadata: { a: 1 } });
      assert.equal(res.status, 403);
    });

    it('deletes the account; the address can no longer log in', async () => {
      const { client, id } = await newUser('leaving@example.com');
      const s = await open(client);
      const gone = await client.run(s, 'account_delete');
      assert.equal(gone.name, 'account_deleted');
      assert.match(client.lastResponse!.headers.get('set-cookie') ?? '', /hanko=;.*Max-Age=0/);
      assert.equal(await rt.services.db.knex('users').where({ id }).first(), undefined);
      assert.equal(
        await rt.services.db.knex('emails').where({ address: 'leaving@example.com' }).first(),
        undefined,
      );
      const login = new FlowClient(rt.publicUrl);
      let l = await login.start('login');
      l = await login.run(l, 'register_client_capabilities', { webauthn_available: false });
      l = await login.run(l, 'continue_with_login_identifier', { identifier: 'leaving@example.com' });
      assert.equal(l.name, 'passcode_confirmation', JSON.stringify(l));
      const mail = await smtp.waitFor('leaving@example.com');
      assert.throws(() => passcodeIn(mail), 'the mail for an unknown address carries no code');
      const attempt = await login.run(l, 'verify_passcode', { code: '123456' });
      assert.notEqual(attempt.name, 'success');
    });
  });
}

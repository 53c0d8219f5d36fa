import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCode } from '../../src/mfa/totp.ts';
import { issueSession } from '../../src/sessions/issue.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { SoftAuthenticator } from '../helpers/authenticator.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { ORIGIN } from '../helpers/passkey-flows.ts';
import { startSmtp } from '../helpers/smtp-inbox.ts';

for (const dialect of testDialects()) {
  describe(`profile flow: credentials [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, {
        email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtp.port) } },
        webauthn: { relying_party: { origins: [ORIGIN] } },
        password: { enabled: true, optional: true },
        mfa: { enabled: true, optional: true },
      });
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    const newUser = async (address: string) => {
      const res = await fetch(`${rt.adminUrl}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ emails: [{ address, is_primary: true, is_verified: true }] }),
      });
      const { id } = (await res.json()) as { id: string };
      const { token } = await issueSession(rt.services, { userId: id, amr: [] });
      const client = new FlowClient(rt.publicUrl, { Authorization: `Bearer ${token}` });
      let s = await client.start('profile');
      s = await client.run(s, 'register_client_capabilities', {
        webauthn_available: true,
        webauthn_platform_authenticator_available: true,
      });
      assert.equal(s.name, 'profile_init', JSON.stringify(s));
      return { id, client, s };
    };
    type U = {
      passkeys?: Array<{ id: string; name?: string }>;
      security_keys?: unknown[];
      mfa_config: { auth_app_set_up: boolean };
    };
    const user = (s: FlowState) => s.payload!.user as U;

    it('sets, changes and deletes a password', async () => {
      let { client, s, id } = await newUser('pw@example.com');
      assert.ok(s.actions.password_create);
      assert.equal(s.actions.password_update, undefined);
      const short = await client.run(s, 'password_create', { password: 'short' });
      assert.equal(short.status, 400);
      s = await client.run(short, 'password_create', { password: 'first-password' });
      assert.equal(s.name, 'profile_init');
      const first = (await rt.services.db.knex('password_credentials').where({ user_id: id }).first())
        .password;
      assert.match(first, /^\$argon2id\$/);
      assert.ok(s.actions.password_update);
      s = await client.run(s, 'password_update', { password: 'second-password' });
      const second = (await rt.services.db.knex('password_credentials').where({ user_id: id }).first())
        .password;
      assert.notEqual(second, first);
      assert.ok(await rt.services.passwords.verify(second, 'second-password'));
      await smtp.waitFor('pw@example.com'); // password_update notification
      s = await client.run(s, 'password_delete');
      assert.equal(
        await rt.services.db.knex('password_credentials').where({ user_id: id }).first(),
        undefined,
      );
      assert.ok(s.actions.password_create);
    });

    it('creates, renames and deletes a passkey; a security key; and the authenticator app', async () => {
      let { client, s, id } = await newUser('keys@example.com');
      const auth = new SoftAuthenticator({ origin: ORIGIN });
      s = await client.run(s, 'webauthn_credential_create');
      assert.equal(s.name, 'webauthn_credential_verification');
      s = await client.run(s, 'webauthn_verify_attestation_response', {
        public_key: auth.create((s.payload as { creation_options: unknown }).creation_options),
      });
      assert.equal(s.name, 'profile_init', JSON.stringify(s.error));
      const passkey = user(s).passkeys?.[0];
      assert.ok(passkey, 'the passkey is listed');
      await smtp.waitFor('keys@example.com'); // passkey_create notification
      s = await client.run(s, 'webauthn_credential_rename', {
        passkey_id: passkey.id,
        passkey_name: 'Laptop',
      });
      assert.equal(user(s).passkeys?.[0]?.name, 'Laptop');
      const unknown = await client.run(s, 'webauthn_credential_rename', {
        passkey_id: 'nope',
        passkey_name: 'x',
      });
      assert.equal(unknown.status, 404);

      const key = new SoftAuthenticator({ origin: ORIGIN });
      s = await client.run(unknown, 'security_key_create');
      assert.equal(s.name, 'webauthn_credential_verification');
      s = await client.run(s, 'webauthn_verify_attestation_response', {
        public_key: key.create((s.payload as { creation_options: unknown }).creation_options),
      });
      assert.equal(user(s).security_keys?.length, 1);
      await smtp.waitFor('keys@example.com'); // mfa_create

      s = await client.run(s, 'continue_to_otp_secret_creation');
      assert.equal(s.name, 'mfa_otp_secret_creation');
      const secret = (s.payload as { otp_secret: string }).otp_secret;
      s = await client.run(s, 'otp_code_verify', { otp_code: totpCode(secret, new Date()) });
      assert.equal(s.name, 'profile_init', JSON.stringify(s.error));
      assert.equal(user(s).mfa_config.auth_app_set_up, true);
      await smtp.waitFor('keys@example.com'); // mfa_create
      s = await client.run(s, 'otp_secret_delete');
      assert.equal(user(s).mfa_config.auth_app_set_up, false);

      s = await client.run(s, 'webauthn_credential_delete', { passkey_id: passkey.id });
      assert.equal(user(s).passkeys, undefined);
      const rows = await rt.services.db.knex('webauthn_credentials').where({ user_id: id });
      assert.equal(rows.length, 1, 'only the security key is left');
    });

    it('never deletes the last way to log in', async () => {
      const restricted = await startTestRuntime(dialect, {
        email_delivery: { enabled: false },
        webauthn: { relying_party: { origins: [ORIGIN] } },
        email: { use_for_authentication: false },
        password: { enabled: true, optional: true },
      });
      try {
        const res = await fetch(`${restricted.adminUrl}/users`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            emails: [{ address: 'only@example.com', is_primary: true, is_verified: true }],
          }),
        });
        const { id } = (await res.json()) as { id: string };
        await fetch(`${restricted.adminUrl}/users/${id}/password`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ password: 'the-only-password' }),
        });
        const { token } = await issueSession(restricted.services, { userId: id, amr: [] });
        const client = new FlowClient(restricted.publicUrl, { Authorization: `Bearer ${token}` });
        let s = await client.start('profile');
        s = await client.run(s, 'register_client_capabilities', { webauthn_available: true });
        assert.ok(s.actions.password_update);
        assert.equal(s.actions.password_delete, undefined, 'the password is the only login method');
        const forced = await client.post(
          s.actions.password_update!.href.replace('password_update', 'password_delete'),
          {
            input_data: {},
            csrf_token: s.csrf_token,
          },
        );
        assert.equal(forced.status, 403);
      } finally {
        await restricted.close();
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { merge, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { SoftAuthenticator } from '../helpers/authenticator.ts';
import { testDialects } from '../helpers/db.ts';
import type { FlowClient, FlowState } from '../helpers/flow-client.ts';
import {
  loginInit,
  ORIGIN,
  passkeyConfig,
  registerUntilCredentials,
  type Smtp,
} from '../helpers/passkey-flows.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

const amr = (s: FlowState) => (s.payload!.claims as { amr: string[] }).amr;

for (const dialect of testDialects()) {
  describe(`flows: security keys as second factor [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    let userId: string;
    let securityKeyId: string;
    let passkeyId: string;
    const key = new SoftAuthenticator({
      origin: ORIGIN,
      format: 'packed',
      transports: ['usb'],
      userVerified: false,
    });
    const phone = new SoftAuthenticator({ origin: ORIGIN });

    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(
        dialect,
        merge(passkeyConfig(smtp.port), { mfa: { acquire_on_registration: true } }),
      );
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    /** A passcode login up to the first state after the passcode. */
    async function passcodeLogin(email: string): Promise<{ client: FlowClient; state: FlowState }> {
      const { client, state } = await loginInit(rt.publicUrl);
      let s = await client.run(state, 'continue_with_login_identifier', { email });
      assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
      s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
      return { client, state: s };
    }

    it('registers a security key (security-key profile) and then a passkey', async () => {
      const { client, state } = await registerUntilCredentials(rt.publicUrl, smtp, 'mfa@example.com');
      assert.equal(state.name, 'mfa_method_chooser', JSON.stringify(state));
      let s = await client.run(state, 'continue_to_security_key_creation');
      assert.equal(s.name, 'mfa_security_key_creation', JSON.stringify(s));
      s = await client.run(s, 'webauthn_generate_creation_options');
      assert.equal(s.name, 'onboarding_verify_passkey_attestation', JSON.stringify(s));
      const pk = (s.payload!.creation_options as { publicKey: Record<string, unknown> }).publicKey;
      assert.deepEqual(pk.authenticatorSelection, {
        authenticatorAttachment: 'cross-platform',
        requireResidentKey: false,
        residentKey: 'discouraged',
        userVerification: 'discouraged',
      });
      assert.equal(pk.timeout, 120000);
      assert.equal(pk.attestation, 'direct');
      assert.equal(pk.excludeCredentials, undefined);
      const created = key.create(s.payload?.creation_options);
      securityKeyId = created.id;
      s = await client.run(s, 'webauthn_verify_attestation_response', { public_key: created });
      assert.equal(s.name, 'onboarding_create_passkey', JSON.stringify(s));
      s = await client.run(s, 'webauthn_generate_creation_options');
      const passkey = phone.create(s.payload?.creation_options);
      passkeyId = passkey.id;
      s = await client.run(s, 'webauthn_verify_attestation_response', { public_key: passkey });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.deepEqual(amr(s), ['otp', 'passkey', 'security_key']);
      userId = (s.payload!.claims as { subject: string }).subject;
      const rows = await rt.services.db
        .knex('webauthn_credentials')
        .where({ user_id: userId })
        .orderBy('mfa_only');
      assert.deepEqual(
        rows.map((r: { id: string; mfa_only: boolean }) => [r.id, r.mfa_only]),
        [
          [passkeyId, false],
          [securityKeyId, true],
        ],
      );
      const types = await rt.services.db.knex('audit_logs').where({ actor_user_id: userId }).pluck('type');
      assert.ok(types.includes('security_key_created') && types.includes('passkey_created'));
    });

    it('logs in by passcode with the security key as second factor (login_security_key → login_passkey)', async () => {
      const { client, state } = await passcodeLogin('mfa@example.com');
      assert.equal(state.name, 'login_security_key', JSON.stringify(state));
      let s = await client.run(state, 'webauthn_generate_request_options');
      assert.equal(s.name, 'login_passkey', JSON.stringify(s));
      const options = s.payload!.request_options as { publicKey: Record<string, unknown> };
      assert.equal(options.publicKey.userVerification, 'discouraged');
      assert.equal(options.publicKey.timeout, 120000);
      const allowed = (
        options.publicKey.allowCredentials as Array<{ id: string; transports?: string[] }>
      ).map((c) => c.id);
      assert.deepEqual(allowed.sort(), [passkeyId, securityKeyId].sort());
      s = await client.run(s, 'webauthn_verify_assertion_response', { assertion_response: key.get(options) });
      assert.equal(s.name, 'device_trust', JSON.stringify(s));
      s = await client.run(s, 'skip');
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.deepEqual(amr(s), ['otp', 'security_key']);
      assert.equal((s.payload!.last_login as { login_method: string }).login_method, 'passcode');
    });

    it('refuses a wrong security key in MFA mode and stays in login_passkey', async () => {
      const { client, state } = await passcodeLogin('mfa@example.com');
      const s = await client.run(state, 'webauthn_generate_request_options');
      const stranger = new SoftAuthenticator({ origin: ORIGIN });
      stranger.create({
        publicKey: {
          rp: { id: 'localhost' },
          user: { id: 'AAAAAAAAAAAAAAAAAAAAAA' },
          challenge: 'x',
          authenticatorSelection: { residentKey: 'discouraged' },
        },
      });
      const options = s.payload!.request_options as { publicKey: Record<string, unknown> };
      const wrong = stranger.get(
        { publicKey: { ...options.publicKey, allowCredentials: undefined } },
        {
          credentialId: Buffer.from(stranger.credentials[0]!.id).toString('base64url'),
        },
      );
      const r = await client.run(s, 'webauthn_verify_assertion_response', { assertion_response: wrong });
      assert.equal(r.name, 'login_passkey');
      assert.equal(r.status, 401);
      assert.equal(r.error?.code, 'passkey_invalid');
      const back = await client.run(r, 'back');
      assert.equal(back.name, 'login_security_key');
    });

    it('refuses the security key as a passkey (webauthn_credential_invalid_mfa_only)', async () => {
      const { client, state } = await loginInit(rt.publicUrl, true);
      const s = await client.run(state, 'webauthn_verify_assertion_response', {
        assertion_response: key.get(state.payload?.request_options, { credentialId: securityKeyId }),
      });
      assert.equal(s.name, 'login_init');
      assert.equal(s.status, 401);
      assert.deepEqual(s.error, {
        code: 'webauthn_credential_invalid_mfa_only',
        message: 'This credential can be used as a second factor security key only.',
      });
      const passkeyFlow = await client.run(s, 'webauthn_generate_request_options');
      const r = await client.run(passkeyFlow, 'webauthn_verify_assertion_response', {
        assertion_response: key.get(passkeyFlow.payload?.request_options, { credentialId: securityKeyId }),
      });
      assert.equal(r.name, 'login_passkey');
      assert.equal(r.error?.code, 'webauthn_credential_invalid_mfa_only');
    });

    it('a passkey login needs no second factor', async () => {
      const { client, state } = await loginInit(rt.publicUrl, true);
      const s = await client.run(state, 'webauthn_verify_assertion_response', {
        assertion_response: phone.get(state.payload?.request_options),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.deepEqual(amr(s), ['passkey']);
    });

    it('adds a security key on login (mfa.acquire_on_login) and excludes it from the passkey ceremony', async () => {
      const rt2 = await startTestRuntime(
        dialect,
        merge(passkeyConfig(smtp.port), {
          mfa: { acquire_on_registration: false, acquire_on_login: true },
          passkey: { acquire_on_registration: 'never' },
        }),
      );
      try {
        const reg = await registerUntilCredentials(rt2.publicUrl, smtp, 'late-mfa@example.com');
        assert.equal(reg.state.name, 'success', JSON.stringify(reg.state));
        const uid = (reg.state.payload!.claims as { subject: string }).subject;
        const { client, state } = await loginInit(rt2.publicUrl);
        let s = await client.run(state, 'continue_with_login_identifier', { email: 'late-mfa@example.com' });
        s = await client.run(s, 'verify_passcode', {
          code: passcodeIn(await smtp.waitFor('late-mfa@example.com')),
        });
        assert.equal(s.name, 'mfa_method_chooser', JSON.stringify(s));
        s = await client.run(s, 'continue_to_security_key_creation');
        s = await client.run(s, 'webauthn_generate_creation_options');
        const usb = new SoftAuthenticator({ origin: ORIGIN, userVerified: false });
        const created = usb.create(s.payload?.creation_options);
        s = await client.run(s, 'webauthn_verify_attestation_response', { public_key: created });
        assert.equal(s.name, 'onboarding_create_passkey', JSON.stringify(s));
        const db = rt2.services.db.knex;
        const row = await db('webauthn_credentials').where({ id: created.id }).first();
        assert.equal(row.mfa_only, true);
        assert.equal(row.user_id, uid);
        const sent = await db('audit_logs').where({ type: 'security_notification_sent', actor_user_id: uid });
        assert.deepEqual(
          sent.map((r: { details: string }) => JSON.parse(r.details).template),
          ['mfa_create'],
        );
        s = await client.run(s, 'webauthn_generate_creation_options');
        const pk = (s.payload!.creation_options as { publicKey: Record<string, unknown> }).publicKey;
        assert.deepEqual(pk.excludeCredentials, [
          { type: 'public-key', id: created.id, transports: ['hybrid', 'internal'] },
        ]);
      } finally {
        await rt2.close();
      }
    });
  });
}

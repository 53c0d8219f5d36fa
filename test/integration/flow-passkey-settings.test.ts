import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { merge, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { SoftAuthenticator } from '../helpers/authenticator.ts';
import { testDialects } from '../helpers/db.ts';
import type { FlowState } from '../helpers/flow-client.ts';
import {
  loginInit,
  ORIGIN,
  passkeyConfig,
  registerUntilCredentials,
  registerWithPasskey,
  type Smtp,
} from '../helpers/passkey-flows.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

const countCredentials = async (rt: TestRuntime, userId?: string) =>
  Number(
    (
      await rt.services.db
        .knex('webauthn_credentials')
        .where(userId ? { user_id: userId } : {})
        .count({ n: '*' })
        .first()
    )?.n,
  );

for (const dialect of testDialects()) {
  describe(`flows: passkey settings and onboarding [${dialect}]`, () => {
    let smtp: Smtp;
    const runtimes: TestRuntime[] = [];
    const runtime = async (extra: Record<string, unknown> = {}) => {
      const rt = await startTestRuntime(dialect, merge(passkeyConfig(smtp.port), extra));
      runtimes.push(rt);
      return rt;
    };
    before(async () => {
      smtp = await startSmtp();
    });
    after(async () => {
      for (const rt of runtimes) await rt.close();
      await smtp.close();
    });

    it('passkey.optional (default): the passkey can be skipped and nothing is stored', async () => {
      const rt = await runtime();
      const { client, state } = await registerUntilCredentials(rt.publicUrl, smtp, 'skip@example.com');
      assert.equal(state.name, 'onboarding_create_passkey');
      const done = await client.run(state, 'skip');
      assert.equal(done.name, 'success', JSON.stringify(done));
      assert.deepEqual((done.payload!.claims as { amr: string[] }).amr, ['otp']);
      assert.equal(await countCredentials(rt), 0);
    });

    it('passkey.optional false: no skip, a passkey must be created', async () => {
      const rt = await runtime({ passkey: { optional: false } });
      const { state } = await registerUntilCredentials(rt.publicUrl, smtp, 'required@example.com');
      assert.equal(state.name, 'onboarding_create_passkey');
      assert.deepEqual(Object.keys(state.actions), ['webauthn_generate_creation_options']);
    });

    it('a failed attestation returns to the creation state with 401 and stores nothing; a retry works', async () => {
      const rt = await runtime({ passkey: { optional: false } });
      const auth = new SoftAuthenticator({ origin: ORIGIN, format: 'packed' });
      const { client, state } = await registerUntilCredentials(rt.publicUrl, smtp, 'retry@example.com');
      const failures: Array<(o: unknown) => unknown> = [
        (o) => auth.create(o, { origin: 'https://evil.example' }),
        (o) => auth.create(o, { rpId: 'evil.example' }),
        (o) => auth.create(o, { challenge: Buffer.alloc(32).toString('base64url') }),
        (o) => auth.create(o, { badSignature: true }),
        (o) => auth.create(o, { userPresent: false }),
        (o) => auth.create(o, { type: 'webauthn.get' }),
        () => undefined,
        () => ({ type: 'public-key', id: 'abc', rawId: 'abc', response: {} }),
      ];
      let s: FlowState = state;
      for (const build of failures) {
        const options = await client.run(s, 'webauthn_generate_creation_options');
        const response = build(options.payload?.creation_options);
        s = await client.run(
          options,
          'webauthn_verify_attestation_response',
          response ? { public_key: response } : {},
        );
        assert.equal(s.name, 'onboarding_create_passkey', JSON.stringify(s));
        assert.equal(s.status, 401);
        assert.deepEqual(s.error, { code: 'passkey_invalid', message: 'The passkey is invalid.' });
      }
      assert.equal(await countCredentials(rt), 0);
      assert.equal(Number((await rt.services.db.knex('users').count({ n: '*' }).first())?.n), 0);
      const options = await client.run(s, 'webauthn_generate_creation_options');
      const done = await client.run(options, 'webauthn_verify_attestation_response', {
        public_key: auth.create(options.payload?.creation_options, { alg: 'RS256' }),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
      assert.equal(await countCredentials(rt), 1);
    });

    it('passkey.limit: no ceremony when the user already has that many passkeys', async () => {
      const rt = await runtime({ passkey: { limit: 0 } });
      const { client, state } = await registerUntilCredentials(rt.publicUrl, smtp, 'limit@example.com');
      const s = await client.run(state, 'webauthn_generate_creation_options');
      assert.equal(s.name, 'onboarding_create_passkey');
      assert.equal(s.status, 403);
      assert.equal(s.error?.code, 'operation_not_permitted_error');
      assert.equal(s.payload?.creation_options, undefined);
    });

    it('passkey.acquire_on_registration never: no passkey step', async () => {
      const rt = await runtime({ passkey: { acquire_on_registration: 'never' } });
      const { state } = await registerUntilCredentials(rt.publicUrl, smtp, 'never@example.com');
      assert.equal(state.name, 'success', JSON.stringify(state));
    });

    it('passkey.acquire_on_login always: a passkey added on login is stored, audited and announced', async () => {
      const rt = await runtime({ passkey: { acquire_on_registration: 'never' } });
      const reg = await registerUntilCredentials(rt.publicUrl, smtp, 'later@example.com');
      assert.equal(reg.state.name, 'success');
      const userId = (reg.state.payload!.claims as { subject: string }).subject;
      const { client, state } = await loginInit(rt.publicUrl);
      let s = await client.run(state, 'continue_with_login_identifier', { email: 'later@example.com' });
      assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('later@example.com')),
      });
      assert.equal(s.name, 'onboarding_create_passkey', JSON.stringify(s));
      s = await client.run(s, 'webauthn_generate_creation_options');
      const auth = new SoftAuthenticator({ origin: ORIGIN });
      s = await client.run(s, 'webauthn_verify_attestation_response', {
        public_key: auth.create(s.payload?.creation_options),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.deepEqual((s.payload!.claims as { amr: string[] }).amr, ['otp']);
      assert.equal(await countCredentials(rt, userId), 1);
      const db = rt.services.db.knex;
      assert.equal(
        (await db('audit_logs').where({ type: 'passkey_created', actor_user_id: userId })).length,
        1,
      );
      const sent = await db('audit_logs').where({
        type: 'security_notification_sent',
        actor_user_id: userId,
      });
      assert.equal(sent.length, 1);
      assert.equal(JSON.parse(sent[0].details).template, 'passkey_create');
      const mail = await smtp.waitFor('later@example.com');
      assert.match(mail.raw, /passkey was added/i);
      // The new passkey logs in.
      const next = await loginInit(rt.publicUrl);
      const done = await next.client.run(next.state, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(next.state.payload?.request_options),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
    });

    it('passkey.acquire_on_login never: a passcode login goes straight to success', async () => {
      const rt = await runtime({ passkey: { acquire_on_registration: 'never', acquire_on_login: 'never' } });
      const reg = await registerUntilCredentials(rt.publicUrl, smtp, 'plain@example.com');
      assert.equal(reg.state.name, 'success');
      const { client, state } = await loginInit(rt.publicUrl);
      let s = await client.run(state, 'continue_with_login_identifier', { email: 'plain@example.com' });
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('plain@example.com')),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
    });

    it('passkeys disabled: no WebAuthn actions and no conditional UI', async () => {
      const rt = await runtime({ passkey: { enabled: false } });
      const { state } = await loginInit(rt.publicUrl, true);
      assert.deepEqual(state.payload, {});
      assert.equal(state.actions.webauthn_generate_request_options, undefined);
    });

    it('uses user verification and timeouts from the configuration', async () => {
      const rt = await runtime({
        passkey: { user_verification: 'required' },
        webauthn: { timeouts: { registration: 90000, login: 45000 } },
      });
      const { state } = await loginInit(rt.publicUrl, true);
      const req = state.payload!.request_options as {
        publicKey: { timeout: number; userVerification: string };
      };
      assert.equal(req.publicKey.timeout, 45000);
      assert.equal(req.publicKey.userVerification, 'required');
      const auth = new SoftAuthenticator({ origin: ORIGIN, userVerified: false });
      const { client, state: create } = await registerUntilCredentials(rt.publicUrl, smtp, 'uv@example.com');
      const s = await client.run(create, 'webauthn_generate_creation_options');
      const pk = (s.payload!.creation_options as { publicKey: Record<string, unknown> }).publicKey;
      assert.equal(pk.timeout, 90000);
      assert.deepEqual(pk.authenticatorSelection, {
        requireResidentKey: true,
        residentKey: 'required',
        userVerification: 'required',
      });
      // Without the UV flag the credential is refused when verification is required.
      const refused = await client.run(s, 'webauthn_verify_attestation_response', {
        public_key: auth.create(s.payload?.creation_options),
      });
      assert.equal(refused.status, 401);
      assert.equal(refused.name, 'onboarding_create_passkey');
    });

    it('discouraged user verification shortens the timeout to two minutes', async () => {
      const rt = await runtime({ passkey: { user_verification: 'discouraged' } });
      const { state } = await loginInit(rt.publicUrl, true);
      const req = state.payload!.request_options as { publicKey: { timeout: number } };
      assert.equal(req.publicKey.timeout, 120000);
      const auth = new SoftAuthenticator({ origin: ORIGIN, userVerified: false });
      const { userId } = await registerWithPasskey(rt.publicUrl, smtp, 'nouv@example.com', auth);
      const { client, state: init } = await loginInit(rt.publicUrl, true);
      const done = await client.run(init, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(init.payload?.request_options),
      });
      assert.equal((done.payload!.claims as { subject: string }).subject, userId);
    });
  });
}

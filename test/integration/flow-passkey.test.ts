import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { SoftAuthenticator } from '../helpers/authenticator.ts';
import { testDialects } from '../helpers/db.ts';
import type { FlowState } from '../helpers/flow-client.ts';
import {
  ANDROID_ORIGIN,
  loginInit,
  ORIGIN,
  passkeyConfig,
  registerUntilCredentials,
  registerWithPasskey,
  type Smtp,
} from '../helpers/passkey-flows.ts';
import { startSmtp } from '../helpers/smtp-inbox.ts';

const AAGUID = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const b64uUuid = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');

for (const dialect of testDialects()) {
  describe(`flows: passkey registration and login [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, passkeyConfig(smtp.port));
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    it('registers with email, passcode and passkey: exact creation options, stored credential, amr', async () => {
      const auth = new SoftAuthenticator({
        origin: ORIGIN,
        format: 'packed',
        aaguid: AAGUID,
        backupEligible: true,
        backupState: true,
        transports: ['internal', 'hybrid'],
      });
      const { client, state } = await registerUntilCredentials(rt.publicUrl, smtp, 'jane@example.com');
      assert.equal(state.name, 'onboarding_create_passkey');
      assert.deepEqual(Object.keys(state.actions).sort(), ['skip', 'webauthn_generate_creation_options']);
      const s = await client.run(state, 'webauthn_generate_creation_options');
      assert.equal(s.name, 'onboarding_verify_passkey_attestation');
      assert.ok(s.actions.back && s.actions.webauthn_verify_attestation_response);
      const options = s.payload!.creation_options as { publicKey: Record<string, unknown> };
      const pk = options.publicKey;
      const userId = Buffer.from(String((pk.user as { id: string }).id), 'base64url');
      assert.equal(userId.length, 16);
      assert.match(String(pk.challenge), /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(options, {
        publicKey: {
          rp: { name: 'Hanko Authentication Service', id: 'localhost' },
          user: {
            name: 'jane@example.com',
            displayName: 'jane@example.com',
            id: userId.toString('base64url'),
          },
          challenge: pk.challenge,
          pubKeyCredParams: [-7, -35, -36, -257, -258, -259, -37, -38, -39, -8].map((alg) => ({
            type: 'public-key',
            alg,
          })),
          timeout: 600000,
          authenticatorSelection: {
            requireResidentKey: true,
            residentKey: 'required',
            userVerification: 'preferred',
          },
          attestation: 'direct',
        },
      });
      // Nothing is stored before success.
      const response = auth.create(options);
      const done = await client.run(s, 'webauthn_verify_attestation_response', { public_key: response });
      assert.equal(done.name, 'success', JSON.stringify(done));
      const claims = done.payload!.claims as { subject: string; amr: string[] };
      assert.deepEqual(claims.amr, ['otp', 'passkey']);
      assert.equal(b64uUuid(claims.subject), userId.toString('base64url'));
      const db = rt.services.db.knex;
      const row = await db('webauthn_credentials').where({ id: response.id }).first();
      assert.ok(row);
      assert.equal(row.user_id, claims.subject);
      assert.equal(row.attestation_type, 'packed');
      assert.equal(row.aaguid, AAGUID);
      assert.equal(Number(row.sign_count), 0);
      assert.equal(row.mfa_only, false);
      assert.equal(row.backup_eligible, true);
      assert.equal(row.backup_state, true);
      assert.ok(row.last_used_at instanceof Date);
      const transports = await db('webauthn_credential_transports')
        .where({ webauthn_credential_id: response.id })
        .orderBy('name')
        .pluck('name');
      assert.deepEqual(transports, ['hybrid', 'internal']);
      const audit = await db('audit_logs').where({ type: 'passkey_created', actor_user_id: claims.subject });
      assert.equal(audit.length, 1);
      assert.equal(JSON.parse(audit[0].details).passkey, response.id);
      assert.equal(
        await db('webauthn_session_data')
          .where({ user_id: claims.subject })
          .count({ n: '*' })
          .first()
          .then((r) => Number(r?.n)),
        0,
      );
    });

    it('logs in with the passkey: discoverable ceremony through login_passkey', async () => {
      const auth = new SoftAuthenticator({ origin: ORIGIN, alg: 'RS256' });
      const { userId, credentialId } = await registerWithPasskey(rt.publicUrl, smtp, 'rs@example.com', auth);
      const { client, state } = await loginInit(rt.publicUrl, false);
      assert.deepEqual(state.payload, {}, 'no conditional UI without conditional mediation');
      assert.ok(state.actions.webauthn_verify_assertion_response);
      const s = await client.run(state, 'webauthn_generate_request_options');
      assert.equal(s.name, 'login_passkey');
      const options = s.payload!.request_options as { publicKey: Record<string, unknown> };
      assert.deepEqual(options, {
        publicKey: {
          challenge: options.publicKey.challenge,
          timeout: 600000,
          rpId: 'localhost',
          userVerification: 'preferred',
        },
      });
      const before = await rt.services.db.knex('webauthn_credentials').where({ id: credentialId }).first();
      const done = await client.run(s, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(options),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
      assert.deepEqual(done.payload?.last_login, { login_method: 'passkey' });
      const claims = done.payload!.claims as { subject: string; amr: string[]; email: { address: string } };
      assert.equal(claims.subject, userId);
      assert.deepEqual(claims.amr, ['passkey']);
      assert.equal(claims.email.address, 'rs@example.com');
      const row = await rt.services.db.knex('webauthn_credentials').where({ id: credentialId }).first();
      assert.equal(Number(row.sign_count), 1);
      assert.ok(row.last_used_at.getTime() >= before.last_used_at.getTime());
      const logins = await rt.services.db
        .knex('audit_logs')
        .where({ type: 'login_success', actor_user_id: userId })
        .pluck('details');
      assert.ok(logins.some((d: string) => JSON.parse(d).login_method === 'passkey'));
    });

    it('logs in by conditional UI on login_init, with a fresh challenge on every entry', async () => {
      const auth = new SoftAuthenticator({ origin: ORIGIN, counterStep: 0 });
      const { userId } = await registerWithPasskey(rt.publicUrl, smtp, 'autofill@example.com', auth);
      const { client, state } = await loginInit(rt.publicUrl, true);
      const options = state.payload!.request_options as {
        publicKey: { challenge: string; allowCredentials?: unknown };
      };
      assert.ok(options.publicKey.challenge);
      assert.equal(options.publicKey.allowCredentials, undefined);
      // remember_me is not offered by default; a stay error re-enters login_init with a new challenge.
      const again = await client.run(state, 'continue_with_login_identifier', { email: '' });
      assert.equal(again.status, 400);
      const options2 = again.payload!.request_options as { publicKey: { challenge: string } };
      assert.notEqual(options2.publicKey.challenge, options.publicKey.challenge);
      // Counter 0 on both sides (an authenticator without counter) is accepted.
      const done = await client.run(again, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(options2),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
      assert.equal((done.payload!.claims as { subject: string }).subject, userId);
      // And the next conditional-UI login works as well (counter stays 0).
      const next = await loginInit(rt.publicUrl, true);
      const done2 = await next.client.run(next.state, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(next.state.payload?.request_options),
      });
      assert.equal(done2.name, 'success', JSON.stringify(done2));
    });

    it('accepts an Android app origin from the configured list', async () => {
      const auth = new SoftAuthenticator({ origin: ANDROID_ORIGIN });
      const { userId } = await registerWithPasskey(rt.publicUrl, smtp, 'android@example.com', auth);
      const { client, state } = await loginInit(rt.publicUrl, true);
      const done: FlowState = await client.run(state, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(state.payload?.request_options),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
      assert.equal((done.payload!.claims as { subject: string }).subject, userId);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { SoftAuthenticator } from '../helpers/authenticator.ts';
import { testDialects } from '../helpers/db.ts';
import type { FlowClient, FlowState } from '../helpers/flow-client.ts';
import {
  loginInit,
  ORIGIN,
  passkeyConfig,
  registerWithPasskey,
  type Smtp,
} from '../helpers/passkey-flows.ts';
import { startSmtp } from '../helpers/smtp-inbox.ts';

const PASSKEY_INVALID = { code: 'passkey_invalid', message: 'The passkey is invalid.' };

for (const dialect of testDialects()) {
  describe(`flows: passkey logins that must fail [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    let auth: SoftAuthenticator;
    let userId: string;
    let credentialId: string;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, passkeyConfig(smtp.port));
      auth = new SoftAuthenticator({ origin: ORIGIN });
      ({ userId, credentialId } = await registerWithPasskey(rt.publicUrl, smtp, 'neg@example.com', auth));
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    /** An authenticator with a resident credential the server has never seen. */
    function stranger(): SoftAuthenticator {
      const other = new SoftAuthenticator({ origin: ORIGIN });
      other.create({
        publicKey: { rp: { id: 'localhost' }, user: { id: 'AAAAAAAAAAAAAAAAAAAAAA' }, challenge: 'x' },
      });
      return other;
    }

    /** A login flow at login_passkey with a discoverable ceremony. */
    async function atLoginPasskey(): Promise<{ client: FlowClient; state: FlowState }> {
      const { client, state } = await loginInit(rt.publicUrl, false);
      const s = await client.run(state, 'webauthn_generate_request_options');
      assert.equal(s.name, 'login_passkey');
      return { client, state: s };
    }

    /** The response must be a soft 401 in `login_passkey` with an empty payload and no library text. */
    function assertRejected(s: FlowState, error = PASSKEY_INVALID) {
      assert.equal(s.name, 'login_passkey', JSON.stringify(s));
      assert.equal(s.status, 401);
      assert.deepEqual(s.error, error);
      assert.deepEqual(s.payload, {});
      assert.ok(s.actions.back, 'the SDK goes back from here');
    }

    const cases: Array<[string, (options: unknown) => unknown]> = [
      ['a foreign origin', (o) => auth.get(o, { origin: 'https://evil.example' })],
      ['another RP id', (o) => auth.get(o, { rpId: 'evil.example' })],
      ['a wrong client data type', (o) => auth.get(o, { type: 'webauthn.create' })],
      ['another challenge', (o) => auth.get(o, { challenge: Buffer.alloc(32, 7).toString('base64url') })],
      ['a bad signature', (o) => auth.get(o, { badSignature: true })],
      ['no user handle in a discoverable login', (o) => auth.get(o, { userHandle: null })],
      ['the user handle of another user', (o) => auth.get(o, { userHandle: Buffer.alloc(16, 1) })],
      ['an unknown credential', (o) => stranger().get(o)],
      ['garbage', () => 'not json at all'],
      [
        'a structurally broken response',
        () => ({ id: credentialId, rawId: credentialId, type: 'public-key' }),
      ],
    ];

    for (const [what, build] of cases) {
      it(`rejects ${what} with passkey_invalid and stays in login_passkey`, async () => {
        const { client, state } = await atLoginPasskey();
        const response = build(state.payload?.request_options);
        const s = await client.run(state, 'webauthn_verify_assertion_response', {
          assertion_response: response,
        });
        assertRejected(s);
        const back = await client.run(s, 'back');
        assert.equal(back.name, 'login_init');
      });
    }

    it('uses every challenge once: a valid assertion after a failed one for the same challenge fails', async () => {
      const { client, state } = await atLoginPasskey();
      const options = state.payload?.request_options;
      const failed = await client.run(state, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(options, { badSignature: true }),
      });
      assertRejected(failed);
      const s = await client.run(failed, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(options),
      });
      assertRejected(s);
    });

    it('rejects an assertion replayed into another flow', async () => {
      const first = await atLoginPasskey();
      const assertion = auth.get(first.state.payload?.request_options);
      const ok = await first.client.run(first.state, 'webauthn_verify_assertion_response', {
        assertion_response: assertion,
      });
      assert.equal(ok.name, 'success', JSON.stringify(ok));
      const second = await atLoginPasskey();
      assertRejected(
        await second.client.run(second.state, 'webauthn_verify_assertion_response', {
          assertion_response: assertion,
        }),
      );
    });

    it('rejects an expired ceremony', async () => {
      const { client, state } = await atLoginPasskey();
      const realNow = rt.services.now;
      rt.services.now = () => new Date(Date.now() + 601_000);
      try {
        assertRejected(
          await client.run(state, 'webauthn_verify_assertion_response', {
            assertion_response: auth.get(state.payload?.request_options),
          }),
        );
      } finally {
        rt.services.now = realNow;
      }
    });

    it('rejects a counter that does not grow (stored or received counter non-zero)', async () => {
      const login = async (counter?: number) => {
        const { client, state } = await atLoginPasskey();
        return client.run(state, 'webauthn_verify_assertion_response', {
          assertion_response: auth.get(
            state.payload?.request_options,
            counter === undefined ? {} : { counter },
          ),
        });
      };
      assert.equal((await login(50)).name, 'success');
      const row = await rt.services.db.knex('webauthn_credentials').where({ id: credentialId }).first();
      assert.equal(Number(row.sign_count), 50);
      assertRejected(await login(50));
      assertRejected(await login(3));
      assertRejected(await login(0));
      assert.equal((await login(51)).name, 'success');
      // The authenticator continues from there.
      const soft = auth.credential(credentialId);
      if (soft) soft.counter = 51;
      const failures = await rt.services.db
        .knex('audit_logs')
        .where({ type: 'login_failure', actor_user_id: userId })
        .pluck('details');
      assert.ok(failures.length >= 3);
      assert.ok(failures.every((d: string) => JSON.parse(d).login_method === 'passkey'));
    });

    it('fails conditional UI softly on login_init with new request options', async () => {
      const { client, state } = await loginInit(rt.publicUrl, true);
      const options = state.payload!.request_options as { publicKey: { challenge: string } };
      const s = await client.run(state, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(options, { origin: 'https://evil.example' }),
      });
      assert.equal(s.name, 'login_init');
      assert.equal(s.status, 401);
      assert.deepEqual(s.error, PASSKEY_INVALID);
      const fresh = s.payload!.request_options as { publicKey: { challenge: string } };
      assert.notEqual(fresh.publicKey.challenge, options.publicKey.challenge);
      const done = await client.run(s, 'webauthn_verify_assertion_response', {
        assertion_response: auth.get(fresh),
      });
      assert.equal(done.name, 'success', JSON.stringify(done));
    });

    it('rejects a missing assertion input without logging in', async () => {
      const { client, state } = await atLoginPasskey();
      const s = await client.run(state, 'webauthn_verify_assertion_response', {});
      assert.equal(s.name, 'login_passkey');
      assert.ok(s.status === 400 || s.status === 401, JSON.stringify(s));
      assert.ok(['form_data_invalid_error', 'passkey_invalid'].includes(String(s.error?.code)));
      assert.equal(s.payload?.claims, undefined);
    });
  });
}

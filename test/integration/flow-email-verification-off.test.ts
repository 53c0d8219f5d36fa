import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { type Inbox, startRuntimeWithInbox } from '../helpers/runtime-with-inbox.ts';
import { passcodeIn } from '../helpers/smtp-inbox.ts';

/** `email.require_verification: false` (flow-api.md §4.9, §5.2, §8). */
for (const dialect of testDialects()) {
  describe(`flows without email verification [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Inbox;
    let close: () => Promise<void>;
    before(async () => {
      ({ rt, smtp, close } = await startRuntimeWithInbox(dialect, {
        email: { require_verification: false },
        password: { enabled: true },
        passkey: { enabled: false },
        mfa: { enabled: false },
      }));
    });
    after(() => close());

    const start = async (client: FlowClient, flow: string): Promise<FlowState> => {
      const s = await client.start(flow);
      return client.run(s, 'register_client_capabilities', { webauthn_available: false });
    };

    it('registers without a passcode, straight to the password, with the address unverified', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await start(client, 'registration');
      s = await client.run(s, 'register_login_identifier', { email: 'unverified@example.com' });
      assert.equal(s.name, 'password_creation', JSON.stringify(s));
      s = await client.run(s, 'register_password', { new_password: 'a-long-password' });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const email = await rt.services.db.knex('emails').where({ address: 'unverified@example.com' }).first();
      assert.equal(email.verified, false);
      assert.deepEqual((s.payload!.claims as { amr: string[] }).amr, ['pwd']);
      assert.equal(smtp.mails.length, 0, 'no passcode mail');
    });

    it('says plainly that an address is taken (no verification to hide behind)', async () => {
      const client = new FlowClient(rt.publicUrl);
      const s = await start(client, 'registration');
      const taken = await client.run(s, 'register_login_identifier', { email: 'unverified@example.com' });
      assert.equal(taken.status, 400);
      const err = (taken.actions.register_login_identifier!.inputs.email as { error: { code: string } })
        .error;
      assert.equal(err.code, 'email_already_exists');
    });

    it('logs the unverified address in by passcode, which verifies it', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await start(client, 'login');
      s = await client.run(s, 'continue_with_login_identifier', { email: 'unverified@example.com' });
      assert.equal(s.name, 'login_method_chooser');
      s = await client.run(s, 'continue_to_passcode_confirmation');
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('unverified@example.com')),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const email = await rt.services.db.knex('emails').where({ address: 'unverified@example.com' }).first();
      assert.equal(email.verified, true);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient } from '../helpers/flow-client.ts';
import { type Inbox, PASSCODE_ONLY, startRuntimeWithInbox } from '../helpers/runtime-with-inbox.ts';
import { passcodeIn } from '../helpers/smtp-inbox.ts';

for (const dialect of testDialects()) {
  describe(`a user created through the admin API logs in through the flows [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Inbox;
    let close: () => Promise<void>;
    before(async () => {
      ({ rt, smtp, close } = await startRuntimeWithInbox(dialect, PASSCODE_ONLY));
    });
    after(() => close());

    it('creates the user, logs in by passcode, and the session belongs to that user', async () => {
      const res = await fetch(`${rt.adminUrl}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          emails: [{ address: 'Operator.Made@example.com', is_primary: true, is_verified: true }],
        }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const created = (await res.json()) as { id: string };
      const client = new FlowClient(rt.publicUrl);
      let s = await client.start('login');
      s = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      s = await client.run(s, 'continue_with_login_identifier', { email: 'operator.made@example.com' });
      assert.equal(s.name, 'passcode_confirmation');
      const code = passcodeIn(await smtp.waitFor('operator.made@example.com'));
      s = await client.run(s, 'verify_passcode', { code });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.equal((s.payload!.claims as { subject: string }).subject, created.id);
      const sessions = await fetch(`${rt.adminUrl}/users/${created.id}/sessions`);
      assert.equal(((await sessions.json()) as unknown[]).length, 1);
    });
  });
}

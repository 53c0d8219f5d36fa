import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { importUsers } from '../../src/users/import/import-users.ts';
import type { TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient } from '../helpers/flow-client.ts';
import { type Inbox, startRuntimeWithInbox } from '../helpers/runtime-with-inbox.ts';
import { passcodeIn } from '../helpers/smtp-inbox.ts';

for (const dialect of testDialects()) {
  describe(`an imported user logs in and gets claims from the imported metadata [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Inbox;
    let close: () => Promise<void>;
    before(async () => {
      ({ rt, smtp, close } = await startRuntimeWithInbox(dialect, {
        password: { enabled: false },
        passkey: { enabled: false },
        mfa: { enabled: false },
        session: {
          jwt_template: {
            claims: {
              role: '{{ .User.Metadata.Public "role" }}',
              games: '{{ .User.Metadata.Public "favorite_games.#.genre" }}',
              verified: '{{ .User.Email.IsVerified }}',
              theme: '{{ .User.Metadata.Unsafe "ui.theme" }}',
            },
          },
        },
      }));
    });
    after(() => close());

    it('imports, logs in by passcode, and the session JWT carries the templated claims', async () => {
      const userId = '5a1e2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
      const summary = await importUsers(rt.services.db.knex, [
        {
          user_id: userId,
          emails: [{ address: 'gamer@example.com', is_primary: true, is_verified: true }],
          metadata: {
            public_metadata: {
              role: 'admin',
              favorite_games: [
                { name: 'Chess', genre: 'strategy' },
                { name: 'Doom', genre: 'shooter' },
              ],
            },
            private_metadata: { internal: true },
            unsafe_metadata: { ui: { theme: 'dark' } },
          },
        },
      ]);
      assert.equal(summary.created, 1, JSON.stringify(summary));
      const client = new FlowClient(rt.publicUrl);
      let s = await client.start('login');
      s = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      s = await client.run(s, 'continue_with_login_identifier', { email: 'gamer@example.com' });
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('gamer@example.com')),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const token = /hanko=([^;]+)/.exec(client.lastResponse!.headers.get('set-cookie') ?? '')?.[1];
      assert.ok(token);
      const claims = decodeJwt(token);
      assert.equal(claims.sub, userId);
      assert.equal(claims.role, 'admin');
      assert.deepEqual(claims.games, ['strategy', 'shooter']);
      assert.equal(claims.verified, true);
      assert.equal(claims.theme, 'dark');
      assert.equal(claims.internal, undefined, 'private metadata is not reachable');
      const payloadClaims = s.payload!.claims as Record<string, unknown>;
      assert.equal(payloadClaims.role, 'admin');
    });
  });
}

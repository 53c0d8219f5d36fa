/**
 * Login method routing after `continue_with_login_identifier` (§4.2 steps 6–8) and the method chooser (§4.3),
 * with and without `privacy.only_show_actual_login_methods`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import {
  begin,
  inputErrorCode,
  offered,
  passwordConfig,
  seedUser,
  seedUserWithPassword,
} from '../helpers/password-flows.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
type Dialect = Parameters<typeof startTestRuntime>[0];

function runtime(dialect: Dialect, smtp: () => Smtp, cfg: RawConfig): () => TestRuntime {
  const holder: { rt?: TestRuntime } = {};
  before(async () => {
    holder.rt = await startTestRuntime(dialect, passwordConfig(smtp().port, cfg));
  });
  after(async () => {
    await holder.rt?.close();
  });
  return () => holder.rt as TestRuntime;
}

async function identify(rt: TestRuntime, input: Record<string, string>): Promise<[FlowClient, FlowState]> {
  const client = new FlowClient(rt.publicUrl);
  const s = await begin(client, 'login');
  return [client, await client.run(s, 'continue_with_login_identifier', input)];
}

const CHOOSER = ['back', 'continue_to_passcode_confirmation', 'continue_to_password_login'];

for (const dialect of testDialects()) {
  describe(`flows: login method routing [${dialect}]`, () => {
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
    });
    after(async () => {
      await smtp.close();
    });

    describe('passcode and password enabled', () => {
      const rt = runtime(dialect, () => smtp, {});

      it('offers the method chooser for known and unknown addresses alike', async () => {
        await seedUserWithPassword(rt(), { email: 'known@example.com', password: 'known password' });
        const [, known] = await identify(rt(), { email: 'known@example.com' });
        const [client, unknown] = await identify(rt(), { email: 'unknown@example.com' });
        for (const s of [known, unknown]) {
          assert.equal(s.name, 'login_method_chooser', JSON.stringify(s));
          assert.deepEqual(offered(s), CHOOSER);
        }
        const back = await client.run(unknown, 'back');
        assert.equal(back.name, 'login_init');
        const again = await client.run(back, 'continue_with_login_identifier', {
          email: 'unknown@example.com',
        });
        const passcode = await client.run(again, 'continue_to_passcode_confirmation');
        assert.equal(passcode.name, 'passcode_confirmation');
        const mail = await smtp.waitFor('unknown@example.com');
        assert.throws(() => passcodeIn(mail), 'an unknown address gets a mail without code');
      });

      it('logs a known user in with a passcode from the chooser', async () => {
        await seedUser(rt().services.db.knex, { email: 'code@example.com' });
        const [client, s] = await identify(rt(), { email: 'code@example.com' });
        const p = await client.run(s, 'continue_to_passcode_confirmation');
        const done = await client.run(p, 'verify_passcode', {
          code: passcodeIn(await smtp.waitFor('code@example.com')),
        });
        assert.equal(done.name, 'success');
        assert.deepEqual(done.payload?.last_login, { login_method: 'passcode' });
      });
    });

    describe('email and username identifiers', () => {
      const rt = runtime(dialect, () => smtp, { username: { enabled: true } });

      it('sends a username without an email address to the password page', async () => {
        await seedUserWithPassword(rt(), { username: 'nomail', password: 'username password' });
        const [client, s] = await identify(rt(), { identifier: 'NoMail' });
        assert.equal(s.name, 'login_password', JSON.stringify(s));
        assert.equal(
          s.actions.continue_to_passcode_confirmation_recovery,
          undefined,
          'no address to recover',
        );
        const done = await client.run(s, 'password_login', { password: 'username password' });
        assert.equal(done.name, 'onboarding_email', 'logged in; an address is asked for next');
      });

      it('offers the chooser for a username with an email address', async () => {
        await seedUser(rt().services.db.knex, { username: 'withmail', email: 'withmail@example.com' });
        const [, s] = await identify(rt(), { identifier: 'withmail' });
        assert.equal(s.name, 'login_method_chooser');
      });

      it('rejects an unknown username', async () => {
        const [, s] = await identify(rt(), { identifier: 'nobody' });
        assert.equal(s.status, 400);
        assert.equal(
          inputErrorCode(s, 'continue_with_login_identifier', 'identifier'),
          'unknown_username_error',
        );
      });
    });

    describe('passcodes not used for authentication', () => {
      const rt = runtime(dialect, () => smtp, { email: { use_for_authentication: false } });
      it('goes straight to the password page', async () => {
        const [client, s] = await identify(rt(), { email: 'direct@example.com' });
        assert.equal(s.name, 'login_password');
        assert.deepEqual(offered(s), [
          'back',
          'continue_to_passcode_confirmation_recovery',
          'password_login',
        ]);
        assert.equal((await client.run(s, 'back')).name, 'login_init');
      });
    });

    describe('passwords disabled', () => {
      const rt = runtime(dialect, () => smtp, { password: { enabled: false }, username: { enabled: true } });
      it('cannot continue for a username without an email address', async () => {
        await seedUser(rt().services.db.knex, { username: 'stuck' });
        const [, s] = await identify(rt(), { identifier: 'stuck' });
        assert.equal(s.name, 'error');
        assert.equal(s.status, 500);
        assert.equal(s.error?.code, 'flow_discontinuity_error');
      });
    });

    describe('privacy: only_show_actual_login_methods', () => {
      const rt = runtime(dialect, () => smtp, {
        privacy: { only_show_actual_login_methods: true },
        username: { enabled: true },
      });

      it('offers the chooser only to a user with both a password and an address', async () => {
        await seedUserWithPassword(rt(), { email: 'both@example.com', password: 'both password' });
        const [, s] = await identify(rt(), { identifier: 'both@example.com' });
        assert.equal(s.name, 'login_method_chooser');
        assert.deepEqual(offered(s), CHOOSER);
      });

      it('sends a user without a password straight to the passcode', async () => {
        await seedUser(rt().services.db.knex, { email: 'onlymail@example.com' });
        const [, s] = await identify(rt(), { identifier: 'onlymail@example.com' });
        assert.equal(s.name, 'passcode_confirmation');
        passcodeIn(await smtp.waitFor('onlymail@example.com'));
      });

      it('sends a user without an address straight to the password page', async () => {
        await seedUserWithPassword(rt(), { username: 'onlypw', password: 'only password' });
        const [, s] = await identify(rt(), { identifier: 'onlypw' });
        assert.equal(s.name, 'login_password');
      });

      it('cannot continue for an unknown address', async () => {
        const [, s] = await identify(rt(), { identifier: 'ghost@example.com' });
        assert.equal(s.name, 'error');
        assert.equal(s.error?.code, 'flow_discontinuity_error');
      });
    });

    describe('privacy without passcode logins', () => {
      const rt = runtime(dialect, () => smtp, {
        privacy: { only_show_actual_login_methods: true },
        email: { use_for_authentication: false },
      });
      it('routes by the password alone', async () => {
        await seedUserWithPassword(rt(), { email: 'pwonly@example.com', password: 'pwonly password' });
        await seedUser(rt().services.db.knex, { email: 'nothing@example.com' });
        const [, withPw] = await identify(rt(), { email: 'pwonly@example.com' });
        assert.equal(withPw.name, 'login_password');
        const [, without] = await identify(rt(), { email: 'nothing@example.com' });
        assert.equal(without.error?.code, 'flow_discontinuity_error');
      });
    });
  });
}

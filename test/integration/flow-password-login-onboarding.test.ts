/**
 * Login: password onboarding after the first factor (`password.acquire_on_login`, §5.1 B/D), the
 * `save_password` hook, and recovery overriding acquisition.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import {
  begin,
  passwordConfig,
  passwordHashOf,
  seedUser,
  seedUserWithPassword,
} from '../helpers/password-flows.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** Logs in by passcode through the method chooser; returns the state after the passcode. */
async function passcodeLogin(client: FlowClient, smtp: Smtp, email: string, webauthn = false) {
  let s = await begin(client, 'login', webauthn);
  s = await client.run(s, 'continue_with_login_identifier', { email });
  assert.equal(s.name, 'login_method_chooser');
  s = await client.run(s, 'continue_to_passcode_confirmation');
  assert.equal(s.name, 'passcode_confirmation');
  return client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
}

const withRuntime = (dialect: Parameters<typeof startTestRuntime>[0], smtp: () => Smtp, cfg: RawConfig) => {
  const holder: { rt?: TestRuntime } = {};
  before(async () => {
    holder.rt = await startTestRuntime(dialect, passwordConfig(smtp().port, cfg));
  });
  after(async () => {
    await holder.rt?.close();
  });
  return () => holder.rt as TestRuntime;
};

for (const dialect of testDialects()) {
  describe(`flows: password acquisition at login [${dialect}]`, () => {
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
    });
    after(async () => {
      await smtp.close();
    });

    describe('acquire_on_login: always', () => {
      const rt = withRuntime(dialect, () => smtp, { password: { acquire_on_login: 'always' } });

      it('asks a user without a password for one and stores it', async () => {
        const db = rt().services.db.knex;
        const userId = await seedUser(db, { email: 'nopw@example.com' });
        const client = new FlowClient(rt().publicUrl);
        let s: FlowState = await passcodeLogin(client, smtp, 'nopw@example.com');
        assert.equal(s.name, 'password_creation', JSON.stringify(s));
        assert.equal(s.actions.skip, undefined, 'password is required');
        s = await client.run(s, 'register_password', { new_password: 'brand new password' });
        assert.equal(s.name, 'success', JSON.stringify(s));
        assert.deepEqual((s.payload!.claims as { amr: string[] }).amr, ['otp']);
        assert.match((await passwordHashOf(db, userId)) ?? '', /^\$argon2id\$/);
        const audit = await db('audit_logs').where({ actor_user_id: userId, type: 'password_changed' });
        assert.equal(audit.length, 1);
        const notices = await db('audit_logs').where({ type: 'security_notification_sent' });
        assert.equal(notices.length, 0, 'a first password is no change to notify about');

        const again = new FlowClient(rt().publicUrl);
        let l = await begin(again, 'login');
        l = await again.run(l, 'continue_with_login_identifier', { email: 'nopw@example.com' });
        l = await again.run(l, 'continue_to_password_login');
        l = await again.run(l, 'password_login', { password: 'brand new password' });
        assert.equal(l.name, 'success');
      });

      it('does not ask a user who has a password', async () => {
        await seedUserWithPassword(rt(), { email: 'haspw@example.com', password: 'existing password' });
        const s = await passcodeLogin(new FlowClient(rt().publicUrl), smtp, 'haspw@example.com');
        assert.equal(s.name, 'success');
      });

      it('recovery replaces acquisition: no second password page', async () => {
        const db = rt().services.db.knex;
        const userId = await seedUser(db, { email: 'recover@example.com' });
        const client = new FlowClient(rt().publicUrl);
        let s = await begin(client, 'login');
        s = await client.run(s, 'continue_with_login_identifier', { email: 'recover@example.com' });
        s = await client.run(s, 'continue_to_password_login');
        s = await client.run(s, 'continue_to_passcode_confirmation_recovery');
        s = await client.run(s, 'verify_passcode', {
          code: passcodeIn(await smtp.waitFor('recover@example.com')),
        });
        assert.equal(s.name, 'login_password_recovery');
        s = await client.run(s, 'password_recovery', { new_password: 'recovered password' });
        assert.equal(s.name, 'success', JSON.stringify(s));
        assert.match((await passwordHashOf(db, userId)) ?? '', /^\$argon2id\$/);
      });
    });

    describe('acquire_on_login: never (default)', () => {
      const rt = withRuntime(dialect, () => smtp, {});
      it('logs a user without a password straight in', async () => {
        await seedUser(rt().services.db.knex, { email: 'never@example.com' });
        const s = await passcodeLogin(new FlowClient(rt().publicUrl), smtp, 'never@example.com');
        assert.equal(s.name, 'success');
      });
    });

    describe('acquire_on_login: conditional, optional password, no passkeys', () => {
      const rt = withRuntime(dialect, () => smtp, {
        password: { acquire_on_login: 'conditional', optional: true },
      });
      it('offers password_creation with skip', async () => {
        const userId = await seedUser(rt().services.db.knex, { email: 'cond@example.com' });
        const client = new FlowClient(rt().publicUrl);
        const s = await passcodeLogin(client, smtp, 'cond@example.com');
        assert.equal(s.name, 'password_creation');
        assert.ok(s.actions.skip);
        const done = await client.run(s, 'skip');
        assert.equal(done.name, 'success');
        assert.equal(await passwordHashOf(rt().services.db.knex, userId), undefined);
      });
    });

    describe('acquire_on_login: passkey and password conditional', () => {
      const rt = withRuntime(dialect, () => smtp, {
        passkey: { enabled: true, acquire_on_login: 'conditional' },
        password: { acquire_on_login: 'conditional' },
      });
      it('shows the credential chooser; it can be skipped or used', async () => {
        await seedUser(rt().services.db.knex, { email: 'choose@example.com' });
        const client = new FlowClient(rt().publicUrl);
        const s = await passcodeLogin(client, smtp, 'choose@example.com', true);
        assert.equal(s.name, 'credential_onboarding_chooser', JSON.stringify(s));
        assert.ok(s.actions.skip, 'login: skip allowed while a credential is optional');
        const skipped = await client.run(s, 'skip');
        assert.equal(skipped.name, 'success');

        const userId = await seedUser(rt().services.db.knex, { email: 'choose2@example.com' });
        const c2 = new FlowClient(rt().publicUrl);
        let p = await passcodeLogin(c2, smtp, 'choose2@example.com', true);
        p = await c2.run(p, 'continue_to_password_registration');
        assert.equal(p.name, 'password_creation');
        assert.equal(p.actions.skip, undefined);
        p = await c2.run(p, 'register_password', { new_password: 'chosen password' });
        assert.equal(p.name, 'success', JSON.stringify(p));
        assert.match((await passwordHashOf(rt().services.db.knex, userId)) ?? '', /^\$argon2id\$/);
      });
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import {
  begin,
  inputErrorCode,
  offered,
  passwordConfig,
  passwordHashOf,
  seedUser,
  seedUserWithPassword,
} from '../helpers/password-flows.ts';
import { type InboxMail, passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

const subjectOf = (m: InboxMail) =>
  /^Subject: (.*)$/m.exec(m.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1]?.trim() ?? '';

/** login_init → identifier → chooser → login_password. */
async function toPasswordPage(client: FlowClient, email: string): Promise<FlowState> {
  let s = await begin(client, 'login');
  s = await client.run(s, 'continue_with_login_identifier', { email });
  assert.equal(s.name, 'login_method_chooser', JSON.stringify(s));
  s = await client.run(s, 'continue_to_password_login');
  assert.equal(s.name, 'login_password');
  return s;
}

for (const dialect of testDialects()) {
  describe(`flows: passwords [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, passwordConfig(smtp.port));
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    it('registers with a passcode and a password, then logs in with the password', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await begin(client, 'registration');
      s = await client.run(s, 'register_login_identifier', { email: 'pw@example.com' });
      assert.equal(s.name, 'passcode_confirmation');
      s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor('pw@example.com')) });
      assert.equal(s.name, 'password_creation', JSON.stringify(s));
      assert.deepEqual(offered(s), ['register_password'], 'required password: no skip, no back');
      assert.deepEqual(s.actions.register_password!.inputs.new_password, {
        name: 'new_password',
        type: 'password',
        min_length: 8,
        required: true,
      });

      s = await client.run(s, 'register_password', { new_password: 'short' });
      assert.equal(s.status, 400);
      assert.equal(inputErrorCode(s, 'register_password', 'new_password'), 'value_too_short_error');
      // 10 bytes but only 5 characters: long enough for the byte check, too short in characters.
      s = await client.run(s, 'register_password', { new_password: 'äöüäö' });
      assert.equal(s.status, 400);
      assert.equal(inputErrorCode(s, 'register_password', 'new_password'), 'value_invalid_error');
      s = await client.run(s, 'register_password', { new_password: 'x'.repeat(73) });
      assert.equal(inputErrorCode(s, 'register_password', 'new_password'), 'value_too_long_error');
      assert.equal(
        await rt.services.db
          .knex('users')
          .count({ n: '*' })
          .first()
          .then((r) => Number(r?.n)),
        0,
      );

      s = await client.run(s, 'register_password', { new_password: 'correct horse' });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const claims = s.payload!.claims as { subject: string; amr: string[] };
      assert.deepEqual(claims.amr, ['otp', 'pwd']);
      const hash = await passwordHashOf(rt.services.db.knex, claims.subject);
      assert.match(hash ?? '', /^\$argon2id\$/);
      const flowRows = await rt.services.db.knex('flows').select('data');
      assert.ok(
        flowRows.every((r: { data: string }) => !r.data.includes(hash ?? '-')),
        'no password hash left in stored flows',
      );

      const login = new FlowClient(rt.publicUrl);
      let l = await toPasswordPage(login, 'pw@example.com');
      assert.deepEqual(offered(l), ['back', 'continue_to_passcode_confirmation_recovery', 'password_login']);
      l = await login.run(l, 'password_login', { password: 'correct horse' });
      assert.equal(l.name, 'success', JSON.stringify(l));
      assert.deepEqual(l.payload?.last_login, { login_method: 'password' });
      assert.deepEqual((l.payload!.claims as { amr: string[] }).amr, ['pwd']);
      assert.equal((l.payload!.claims as { subject: string }).subject, claims.subject);
    });

    it('answers every kind of wrong credentials with the same input error', async () => {
      await seedUserWithPassword(rt, { email: 'wrong@example.com', password: 'the password' });
      await seedUser(rt.services.db.knex, { email: 'nopw@example.com' });
      const cases: Array<[string, string]> = [
        ['wrong@example.com', 'not the password'],
        ['nopw@example.com', 'any password'],
        ['nobody@example.com', 'any password'],
      ];
      const bodies: unknown[] = [];
      for (const [email, password] of cases) {
        const client = new FlowClient(rt.publicUrl);
        const s = await toPasswordPage(client, email);
        const r = await client.run(s, 'password_login', { password });
        assert.equal(r.name, 'login_password');
        assert.equal(r.status, 400);
        assert.equal(r.error?.code, 'form_data_invalid_error');
        assert.equal(inputErrorCode(r, 'password_login', 'password'), 'value_invalid_error');
        bodies.push({ ...r, csrf_token: '', actions: offered(r), hrefs: undefined });
        // The same page still works with the right password (for the user who has one).
        if (email === 'wrong@example.com') {
          const ok = await client.run(r, 'password_login', { password: 'the password' });
          assert.equal(ok.name, 'success');
        }
      }
      assert.deepEqual(bodies[0], bodies[1]);
      assert.deepEqual(bodies[1], bodies[2]);
      const failures = await rt.services.db.knex('audit_logs').where({ type: 'login_failure' });
      assert.equal(failures.length, 3);
      assert.ok(
        failures.every((f: { details: string }) => JSON.parse(f.details).login_method === 'password'),
      );
    });

    it('recovers a forgotten password with a passcode and notifies about the change', async () => {
      const userId = await seedUserWithPassword(rt, {
        email: 'forgot@example.com',
        password: 'old password',
      });
      const client = new FlowClient(rt.publicUrl);
      let s = await toPasswordPage(client, 'forgot@example.com');
      s = await client.run(s, 'continue_to_passcode_confirmation_recovery');
      assert.equal(s.name, 'passcode_confirmation');
      const mail = await smtp.waitFor('forgot@example.com');
      assert.match(subjectOf(mail), /password reset code/);
      s = await client.run(s, 'verify_passcode', { code: passcodeIn(mail) });
      assert.equal(s.name, 'login_password_recovery', JSON.stringify(s));
      assert.deepEqual(offered(s), ['password_recovery']);
      assert.deepEqual(s.actions.password_recovery!.inputs.new_password, {
        name: 'new_password',
        type: 'password',
        min_length: 8,
        max_length: 72,
        required: true,
      });
      s = await client.run(s, 'password_recovery', { new_password: 'ßßßßß' });
      assert.equal(inputErrorCode(s, 'password_recovery', 'new_password'), 'value_invalid_error');
      s = await client.run(s, 'password_recovery', { new_password: 'new password' });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.deepEqual(s.payload?.last_login, { login_method: 'password' });

      const notice = await smtp.waitFor('forgot@example.com');
      assert.match(subjectOf(notice), /password was changed/);
      const audit = await rt.services.db.knex('audit_logs').where({ actor_user_id: userId }).select('type');
      const types = audit.map((a: { type: string }) => a.type);
      assert.ok(types.includes('password_changed'), types.join());
      assert.ok(types.includes('security_notification_sent'), types.join());

      const again = new FlowClient(rt.publicUrl);
      const page = await toPasswordPage(again, 'forgot@example.com');
      const old = await again.run(page, 'password_login', { password: 'old password' });
      assert.equal(inputErrorCode(old, 'password_login', 'password'), 'value_invalid_error');
      const ok = await again.run(old, 'password_login', { password: 'new password' });
      assert.equal(ok.name, 'success');
    });

    it('recovery for an unknown address mails no code', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await toPasswordPage(client, 'ghost@example.com');
      s = await client.run(s, 'continue_to_passcode_confirmation_recovery');
      assert.equal(s.name, 'passcode_confirmation');
      const mail = await smtp.waitFor('ghost@example.com');
      assert.match(subjectOf(mail), /Sign-in attempt/);
      assert.throws(() => passcodeIn(mail));
    });

    it('logs in a user imported with a bcrypt hash and upgrades the hash to argon2id', async () => {
      const bcryptHash = bcrypt.hashSync('imported secret', 4).replace(/^\$2b\$/, '$2a$');
      const userId = await seedUser(rt.services.db.knex, {
        email: 'imported@example.com',
        passwordHash: bcryptHash,
      });
      const client = new FlowClient(rt.publicUrl);
      let s = await toPasswordPage(client, 'imported@example.com');
      s = await client.run(s, 'password_login', { password: 'imported wrong' });
      assert.equal(inputErrorCode(s, 'password_login', 'password'), 'value_invalid_error');
      assert.equal(
        await passwordHashOf(rt.services.db.knex, userId),
        bcryptHash,
        'a failed try changes nothing',
      );
      s = await client.run(s, 'password_login', { password: 'imported secret' });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const upgraded = await passwordHashOf(rt.services.db.knex, userId);
      assert.match(upgraded ?? '', /^\$argon2id\$/);
      assert.equal(await rt.services.passwords.verify(upgraded!, 'imported secret'), true);

      const again = new FlowClient(rt.publicUrl);
      const page = await toPasswordPage(again, 'imported@example.com');
      const ok = await again.run(page, 'password_login', { password: 'imported secret' });
      assert.equal(ok.name, 'success');
      assert.equal(await passwordHashOf(rt.services.db.knex, userId), upgraded, 'a current hash is kept');
    });
  });
}

for (const dialect of testDialects()) {
  describe(`flows: password login is rate limited [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(
        dialect,
        passwordConfig(smtp.port, {
          rate_limiter: { enabled: true, store: 'in_memory', password_limits: { tokens: 2, interval: '1m' } },
        }),
      );
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    it('answers 429 with retry_after once the tokens are used, even for the right password', async () => {
      await seedUserWithPassword(rt, { email: 'limited@example.com', password: 'right password' });
      const client = new FlowClient(rt.publicUrl);
      let s = await toPasswordPage(client, 'limited@example.com');
      s = await client.run(s, 'password_login', { password: 'wrong one' });
      assert.equal(s.status, 400);
      s = await client.run(s, 'password_login', { password: 'wrong two' });
      assert.equal(s.status, 400);
      s = await client.run(s, 'password_login', { password: 'right password' });
      assert.equal(s.status, 429);
      assert.equal(s.name, 'login_password');
      assert.equal(s.error?.code, 'rate_limit_exceeded');
      assert.equal(typeof s.payload?.retry_after, 'number');
      assert.ok((s.payload?.retry_after as number) >= 1);
      // The bucket is per identifier: another account from the same address is not affected.
      await seedUserWithPassword(rt, { email: 'other@example.com', password: 'other password' });
      const other = new FlowClient(rt.publicUrl);
      const page = await toPasswordPage(other, 'other@example.com');
      const ok = await other.run(page, 'password_login', { password: 'other password' });
      assert.equal(ok.name, 'success');
    });
  });
}

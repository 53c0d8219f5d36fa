import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import {
  cookiePair,
  deviceTrustSetCookie,
  freezeClock,
  inputErrorCode,
  loginAfterPasscode,
  mfaTestConfig,
  plus,
  registerUntilMfa,
  registerWithTotp,
  type Smtp,
  totpAt,
} from '../helpers/mfa.ts';
import { startSmtp } from '../helpers/smtp-inbox.ts';

const otpRow = (rt: TestRuntime, userId: string) =>
  rt.services.db.knex('otp_secrets').where({ user_id: userId }).first('secret', 'last_validated_step');
const auditTypes = async (rt: TestRuntime, userId: string) =>
  (await rt.services.db.knex('audit_logs').where({ actor_user_id: userId }).select('type')).map(
    (r) => r.type,
  );
const subjectOf = (s: { payload?: Record<string, unknown> }) =>
  String((s.payload?.claims as { subject?: string } | undefined)?.subject);

// Defaults: MFA on and optional, acquired on registration, device trust `prompt`.
for (const dialect of testDialects()) {
  describe(`flows: TOTP set-up and login [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    let clock: ReturnType<typeof freezeClock>;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, mfaTestConfig(smtp.port));
      clock = freezeClock(rt);
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    it('registration: passcode, then the authenticator app (wrong code first), stored with the account', async () => {
      const [client, chooser] = await registerUntilMfa(rt, smtp, 'reg@example.com');
      assert.equal(chooser.name, 'mfa_method_chooser', JSON.stringify(chooser));
      assert.deepEqual(Object.keys(chooser.actions).sort(), ['continue_to_otp_secret_creation', 'skip']);
      let s = await client.run(chooser, 'continue_to_otp_secret_creation');
      assert.equal(s.name, 'mfa_otp_secret_creation');
      const secret = s.payload?.otp_secret as string;
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.match(s.payload?.otp_image_source as string, /^data:image\/png;base64,/);
      assert.ok(s.actions.back, 'back to the chooser');
      assert.deepEqual(Object.keys(s.actions.otp_code_verify!.inputs), ['otp_code']);

      const good = totpAt(secret, clock.now());
      const wrong = totpAt(secret, plus(clock.now(), 300));
      s = await client.run(s, 'otp_code_verify', { otp_code: wrong === good ? '000000' : wrong });
      assert.equal(s.status, 400);
      assert.equal(s.name, 'mfa_otp_secret_creation');
      assert.equal(inputErrorCode(s, 'otp_code_verify', 'otp_code'), 'passcode_invalid');
      assert.equal(s.payload?.otp_secret, secret, 'the same secret is shown again');
      assert.equal(
        await rt.services.db
          .knex('users')
          .count({ n: '*' })
          .first()
          .then((r) => Number(r?.n)),
        0,
        'nothing stored before success',
      );

      s = await client.run(s, 'otp_code_verify', { otp_code: good });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const claims = s.payload?.claims as { subject: string; amr: string[] };
      assert.deepEqual(claims.amr, ['otp', 'totp']);
      assert.equal(
        (s.payload?.user as { mfa_config: { auth_app_set_up: boolean } } | undefined)?.mfa_config
          .auth_app_set_up,
        true,
      );
      const row = await otpRow(rt, claims.subject);
      assert.equal(row?.secret, secret);
      assert.equal(Number(row?.last_validated_step), Math.floor(clock.now().getTime() / 30_000));
      assert.deepEqual((await auditTypes(rt, claims.subject)).sort(), [
        'login_success',
        'otp_created',
        'user_created',
      ]);
    });

    it('login asks for the code; wrong and already used codes are refused, the next one works', async () => {
      const { secret, success } = await registerWithTotp(rt, smtp, 'login@example.com', clock.now());
      const userId = subjectOf(success);
      const used = totpAt(secret, clock.now());

      let [client, s] = await loginAfterPasscode(rt, smtp, 'login@example.com');
      assert.equal(s.name, 'login_otp', JSON.stringify(s));
      assert.deepEqual(Object.keys(s.actions), ['otp_code_validate'], 'no security key to switch to');
      s = await client.run(s, 'otp_code_validate', { otp_code: used });
      assert.equal(s.status, 400, 'the registration code cannot log in');
      assert.equal(s.name, 'login_otp');
      assert.equal(inputErrorCode(s, 'otp_code_validate', 'otp_code'), 'passcode_invalid');
      s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, plus(clock.now(), 90)) });
      assert.equal(s.status, 400, 'outside the ±1 step window');
      s = await client.run(s, 'otp_code_validate', {});
      assert.equal(s.status, 400);
      assert.equal(inputErrorCode(s, 'otp_code_validate', 'otp_code'), 'value_missing_error');

      const next = totpAt(secret, plus(clock.now(), 30));
      s = await client.run(s, 'otp_code_validate', { otp_code: next });
      assert.equal(s.name, 'device_trust', JSON.stringify(s));
      assert.deepEqual(Object.keys(s.actions).sort(), ['skip', 'trust_device']);
      s = await client.run(s, 'skip');
      assert.equal(s.name, 'success');
      assert.deepEqual(s.payload?.last_login, { login_method: 'passcode', mfa_method: 'totp' });
      assert.deepEqual((s.payload?.claims as { amr: string[] } | undefined)?.amr, ['otp', 'totp']);
      assert.equal(deviceTrustSetCookie(client), undefined, 'no trust without consent');
      assert.ok((await auditTypes(rt, userId)).includes('login_failure'));

      // That code is spent too; a minute later the current one is accepted.
      [client, s] = await loginAfterPasscode(rt, smtp, 'login@example.com');
      s = await client.run(s, 'otp_code_validate', { otp_code: next });
      assert.equal(s.status, 400);
      clock.advance(60_000);
      s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, clock.now()) });
      assert.equal(s.name, 'device_trust', JSON.stringify(s));
    });

    it('two logins racing with the same code: exactly one is accepted', async () => {
      const { secret } = await registerWithTotp(rt, smtp, 'race@example.com', clock.now());
      const [c1, s1] = await loginAfterPasscode(rt, smtp, 'race@example.com');
      const [c2, s2] = await loginAfterPasscode(rt, smtp, 'race@example.com');
      const code = totpAt(secret, plus(clock.now(), 30));
      const results = await Promise.all([
        c1.run(s1, 'otp_code_validate', { otp_code: code }),
        c2.run(s2, 'otp_code_validate', { otp_code: code }),
      ]);
      assert.deepEqual(results.map((r) => r.name).sort(), ['device_trust', 'login_otp']);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
    });

    it('trusting the device sets the cookie; the next login skips the second factor', async () => {
      const { secret, success } = await registerWithTotp(rt, smtp, 'trust@example.com', clock.now());
      const userId = subjectOf(success);
      let [client, s] = await loginAfterPasscode(rt, smtp, 'trust@example.com');
      s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, plus(clock.now(), 30)) });
      assert.equal(s.name, 'device_trust');
      s = await client.run(s, 'trust_device');
      assert.equal(s.name, 'success', JSON.stringify(s));
      const set = deviceTrustSetCookie(client);
      assert.ok(set, 'device-trust cookie set');
      const m = /^hanko-device-token=([0-9a-f-]{36}):([A-Za-z0-9_-]{86}); (.*)$/.exec(set);
      assert.ok(m, set);
      assert.equal(m[1], userId);
      assert.deepEqual(m[3]?.split('; ').sort(), [
        'HttpOnly',
        'Max-Age=2592000',
        'Path=/',
        'SameSite=None',
        'Secure',
      ]);
      const rows = await rt.services.db.knex('trusted_devices').where({ user_id: userId }).select();
      assert.equal(rows.length, 1);
      assert.equal(rows[0].device_token, m[2]);
      const expires = new Date(rows[0].expires_at).getTime();
      assert.ok(Math.abs(expires - (clock.now().getTime() + 720 * 3600_000)) < 2000, 'expires after 720h');

      [client, s] = await loginAfterPasscode(rt, smtp, 'trust@example.com', cookiePair(set));
      assert.equal(s.name, 'success', 'trusted: no second factor, no prompt');
      assert.deepEqual(s.payload?.last_login, { login_method: 'passcode' });
      assert.equal(deviceTrustSetCookie(client), undefined, 'trust is not extended without a second factor');

      // A second user on the same browser is added in front; a forged token is not trusted.
      const other = await registerWithTotp(rt, smtp, 'trust2@example.com', clock.now());
      [client, s] = await loginAfterPasscode(rt, smtp, 'trust2@example.com', cookiePair(set));
      assert.equal(s.name, 'login_otp');
      s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(other.secret, plus(clock.now(), 30)) });
      s = await client.run(s, 'trust_device');
      const both = deviceTrustSetCookie(client);
      assert.match(
        both ?? '',
        new RegExp(`^hanko-device-token=${subjectOf(other.success)}:[A-Za-z0-9_-]{86}\\|${userId}:${m[2]};`),
      );
      const forged = `hanko-device-token=${userId}:${'A'.repeat(86)}`;
      [, s] = await loginAfterPasscode(rt, smtp, 'trust@example.com', forged);
      assert.equal(s.name, 'login_otp', 'an unknown token is not trusted');
      await rt.services.db
        .knex('trusted_devices')
        .where({ user_id: userId })
        .update({ expires_at: plus(clock.now(), -1) });
      [, s] = await loginAfterPasscode(rt, smtp, 'trust@example.com', cookiePair(set));
      assert.equal(s.name, 'login_otp', 'an expired token is not trusted');
    });

    it('a user with a security key and TOTP can switch between both second factors', async () => {
      const { secret, success } = await registerWithTotp(rt, smtp, 'both@example.com', clock.now());
      const now = clock.now();
      await rt.services.db.knex('webauthn_credentials').insert({
        id: 'c2VjdXJpdHkta2V5',
        user_id: subjectOf(success),
        public_key: 'pQECAyYgASFYIA',
        attestation_type: 'none',
        aaguid: '00000000-0000-0000-0000-000000000000',
        sign_count: 0,
        mfa_only: true,
        created_at: now,
        updated_at: now,
      });
      const [client, first] = await loginAfterPasscode(rt, smtp, 'both@example.com');
      assert.equal(first.name, 'login_security_key', JSON.stringify(first));
      assert.ok(first.actions.continue_to_login_otp);
      let s = await client.run(first, 'continue_to_login_otp');
      assert.equal(s.name, 'login_otp');
      assert.ok(s.actions.continue_to_login_security_key);
      s = await client.run(s, 'continue_to_login_security_key');
      assert.equal(s.name, 'login_security_key');
      s = await client.run(s, 'continue_to_login_otp');
      s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, plus(clock.now(), 30)) });
      assert.equal(s.name, 'device_trust', JSON.stringify(s));
    });

    it('skipping MFA at registration: no secret, and login goes straight to success', async () => {
      const [client, chooser] = await registerUntilMfa(rt, smtp, 'skip@example.com');
      const s = await client.run(chooser, 'skip');
      assert.equal(s.name, 'success');
      assert.deepEqual((s.payload?.claims as { amr: string[] } | undefined)?.amr, ['otp']);
      assert.equal(await otpRow(rt, subjectOf(s)), undefined);
      const [, l] = await loginAfterPasscode(rt, smtp, 'skip@example.com');
      assert.equal(l.name, 'success', 'acquire_on_login is off by default');
    });
  });
}

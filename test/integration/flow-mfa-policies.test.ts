import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { insertOtpSecret } from '../../src/mfa/otp-store.ts';
import { generateTotpSecret } from '../../src/mfa/totp.ts';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
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

const subjectOf = (s: { payload?: Record<string, unknown> }) =>
  String((s.payload?.claims as { subject?: string } | undefined)?.subject);

/** One server per configuration, on a fresh database, with a frozen clock. */
function suite(dialect: string, title: string, overrides: RawConfig, body: (h: Harness) => void) {
  describe(`flows: MFA ${title} [${dialect}]`, () => {
    const h = {} as Harness;
    before(async () => {
      h.smtp = await startSmtp();
      h.rt = await startTestRuntime(dialect as never, mfaTestConfig(h.smtp.port, overrides));
      h.clock = freezeClock(h.rt);
    });
    after(async () => {
      await h.rt.close();
      await h.smtp.close();
    });
    body(h);
  });
}

interface Harness {
  rt: TestRuntime;
  smtp: Smtp;
  clock: ReturnType<typeof freezeClock>;
}

for (const dialect of testDialects()) {
  suite(
    dialect,
    'device trust `always`, OTP rate limit',
    {
      mfa: { device_trust_policy: 'always' },
      rate_limiter: {
        enabled: true,
        otp_limits: { tokens: 2, interval: '1m' },
        passcode_limits: { tokens: 100, interval: '1m' },
      },
    },
    (h) => {
      it('limits code checks per user: 429 with retry_after, even for the right code', async () => {
        const { secret } = await registerWithTotp(h.rt, h.smtp, 'limit@example.com', h.clock.now());
        const [client, first] = await loginAfterPasscode(h.rt, h.smtp, 'limit@example.com');
        assert.equal(first.name, 'login_otp');
        const right = totpAt(secret, plus(h.clock.now(), 30));
        const wrong = right === '000000' ? '111111' : '000000';
        let s = await client.run(first, 'otp_code_validate', { otp_code: wrong });
        assert.equal(s.status, 400);
        s = await client.run(s, 'otp_code_validate', { otp_code: wrong });
        assert.equal(s.status, 400);
        s = await client.run(s, 'otp_code_validate', { otp_code: right });
        assert.equal(s.status, 429);
        assert.equal(s.name, 'login_otp');
        assert.equal(s.error?.code, 'rate_limit_exceeded');
        const retry = s.payload?.retry_after;
        assert.ok(
          Number.isInteger(retry) && (retry as number) >= 1 && (retry as number) <= 60,
          String(retry),
        );
        assert.ok(s.actions.otp_code_validate, 'still offered');
      });

      it('trusts the device after the second factor without asking; the next login skips it', async () => {
        const { secret, success } = await registerWithTotp(h.rt, h.smtp, 'always@example.com', h.clock.now());
        let [client, s] = await loginAfterPasscode(h.rt, h.smtp, 'always@example.com');
        assert.equal(s.name, 'login_otp');
        s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, plus(h.clock.now(), 30)) });
        assert.equal(s.name, 'success', 'no device_trust prompt');
        const set = deviceTrustSetCookie(client);
        assert.match(set ?? '', new RegExp(`^hanko-device-token=${subjectOf(success)}:[A-Za-z0-9_-]{86};`));
        [client, s] = await loginAfterPasscode(h.rt, h.smtp, 'always@example.com', cookiePair(set as string));
        assert.equal(s.name, 'success');
        assert.equal(deviceTrustSetCookie(client), undefined);
      });
    },
  );

  suite(
    dialect,
    'required, device trust `never`, acquired on login',
    { mfa: { optional: false, device_trust_policy: 'never', acquire_on_login: true } },
    (h) => {
      it('registration cannot skip the second factor', async () => {
        const [client, chooser] = await registerUntilMfa(h.rt, h.smtp, 'required@example.com');
        assert.equal(chooser.name, 'mfa_method_chooser');
        assert.deepEqual(Object.keys(chooser.actions), ['continue_to_otp_secret_creation']);
        const forced = await client.post(
          chooser.actions.continue_to_otp_secret_creation!.href.replace(
            'continue_to_otp_secret_creation',
            'skip',
          ),
          {
            input_data: {},
            csrf_token: chooser.csrf_token,
          },
        );
        assert.equal(forced.status, 403, 'a suspended skip is refused');
      });

      it('login sets up TOTP for a user without it: stored at once, notified, audited', async () => {
        const { success } = await registerWithTotp(h.rt, h.smtp, 'later@example.com', h.clock.now());
        const userId = subjectOf(success);
        await h.rt.services.db.knex('otp_secrets').where({ user_id: userId }).delete();
        let [client, s] = await loginAfterPasscode(h.rt, h.smtp, 'later@example.com');
        assert.equal(s.name, 'mfa_method_chooser', JSON.stringify(s));
        assert.deepEqual(Object.keys(s.actions), ['continue_to_otp_secret_creation'], 'no skip, no back');
        s = await client.run(s, 'continue_to_otp_secret_creation');
        const secret = s.payload?.otp_secret as string;
        const code = totpAt(secret, h.clock.now());
        s = await client.run(s, 'otp_code_verify', { otp_code: code });
        assert.equal(s.name, 'success', 'policy never: no device_trust');
        assert.equal(deviceTrustSetCookie(client), undefined);
        const row = await h.rt.services.db.knex('otp_secrets').where({ user_id: userId }).first();
        assert.equal(row?.secret, secret);
        const mail = await h.smtp.waitFor('later@example.com');
        assert.match(mail.raw, /two-factor method was added/);
        const types = (
          await h.rt.services.db.knex('audit_logs').where({ actor_user_id: userId }).select('type')
        ).map((r) => r.type);
        assert.ok(
          types.includes('otp_created') && types.includes('security_notification_sent'),
          types.join(),
        );

        [client, s] = await loginAfterPasscode(h.rt, h.smtp, 'later@example.com');
        assert.equal(s.name, 'login_otp', 'the chooser is not offered again');
        s = await client.run(s, 'otp_code_validate', { otp_code: code });
        assert.equal(
          inputErrorCode(s, 'otp_code_validate', 'otp_code'),
          'passcode_invalid',
          'set-up code is spent',
        );
        s = await client.run(s, 'otp_code_validate', { otp_code: totpAt(secret, plus(h.clock.now(), 30)) });
        assert.equal(s.name, 'success');
        assert.equal(deviceTrustSetCookie(client), undefined);

        // Even a stored, unexpired device token is ignored under `never`.
        const token = 'T'.repeat(86);
        const now = h.clock.now();
        await h.rt.services.db.knex('trusted_devices').insert({
          id: randomUUID(),
          user_id: userId,
          device_token: token,
          expires_at: plus(now, 3600),
          created_at: now,
          updated_at: now,
        });
        [, s] = await loginAfterPasscode(
          h.rt,
          h.smtp,
          'later@example.com',
          `hanko-device-token=${userId}:${token}`,
        );
        assert.equal(s.name, 'login_otp');
      });
    },
  );

  suite(dialect, 'disabled', { mfa: { enabled: false } }, (h) => {
    it('neither offers set-up nor asks for a code, even for a user with a secret', async () => {
      const [, s] = await registerUntilMfa(h.rt, h.smtp, 'off@example.com');
      assert.equal(s.name, 'success', 'no mfa_method_chooser');
      const user = s.payload?.user as { mfa_config: Record<string, boolean> };
      assert.equal(user.mfa_config.totp_enabled, false);
      const userId = subjectOf(s);
      await insertOtpSecret(h.rt.services.db.knex, {
        userId,
        secret: generateTotpSecret(),
        lastValidatedStep: null,
        now: h.clock.now(),
      });
      const [client, l] = await loginAfterPasscode(h.rt, h.smtp, 'off@example.com');
      assert.equal(l.name, 'success', 'no login_otp, no device_trust');
      assert.deepEqual(l.payload?.last_login, { login_method: 'passcode' });
      assert.equal(deviceTrustSetCookie(client), undefined);
    });
  });
}

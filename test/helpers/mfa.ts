/** Helpers for the MFA (TOTP, device trust) flow tests. */
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { merge, type RawConfig, type TestRuntime } from './app.ts';
import { FlowClient, type FlowState } from './flow-client.ts';
import { passcodeIn, type startSmtp } from './smtp-inbox.ts';

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** Email passcodes only (no password, no passkey), so the MFA states are reached without other onboarding. */
export const mfaTestConfig = (smtpPort: number, overrides: RawConfig = {}): RawConfig =>
  merge(
    {
      email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtpPort) } },
      password: { enabled: false },
      passkey: { enabled: false },
    },
    overrides,
  );

/** Freezes the server's clock (services.now) so TOTP steps are deterministic; `advance` moves it. */
export function freezeClock(rt: TestRuntime) {
  let t = Date.now();
  rt.services.now = () => new Date(t);
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** The code of `secret` at `at`, from an independent implementation (otpauth). */
export const totpAt = (secret: string, at: Date): string =>
  new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: at.getTime() });

export const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

export const inputErrorCode = (s: FlowState, action: string, input: string): string | undefined =>
  (s.actions[action]?.inputs[input] as { error?: { code: string } } | undefined)?.error?.code;

export async function preflight(client: FlowClient, flow: string): Promise<FlowState> {
  const first = await client.start(flow);
  assert.equal(first.name, 'preflight');
  return client.run(first, 'register_client_capabilities', { webauthn_available: false });
}

/** Registration by email passcode up to the state after the passcode (the MFA chooser when MFA is offered). */
export async function registerUntilMfa(
  rt: TestRuntime,
  smtp: Smtp,
  email: string,
): Promise<[FlowClient, FlowState]> {
  const client = new FlowClient(rt.publicUrl, { 'X-Language': 'en' });
  let s = await preflight(client, 'registration');
  s = await client.run(s, 'register_login_identifier', { email });
  assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
  s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
  return [client, s];
}

/** Registration with TOTP set up; returns the secret and the success state. */
export async function registerWithTotp(
  rt: TestRuntime,
  smtp: Smtp,
  email: string,
  at: Date,
): Promise<{ secret: string; success: FlowState }> {
  const [client, chooser] = await registerUntilMfa(rt, smtp, email);
  assert.equal(chooser.name, 'mfa_method_chooser', JSON.stringify(chooser));
  const setup = await client.run(chooser, 'continue_to_otp_secret_creation');
  assert.equal(setup.name, 'mfa_otp_secret_creation', JSON.stringify(setup));
  const secret = setup.payload?.otp_secret as string;
  const success = await client.run(setup, 'otp_code_verify', { otp_code: totpAt(secret, at) });
  assert.equal(success.name, 'success', JSON.stringify(success));
  return { secret, success };
}

/** Login by email passcode up to the state after the passcode. `cookie` is sent as the Cookie header. */
export async function loginAfterPasscode(
  rt: TestRuntime,
  smtp: Smtp,
  email: string,
  cookie?: string,
): Promise<[FlowClient, FlowState]> {
  const client = new FlowClient(rt.publicUrl, { 'X-Language': 'en', ...(cookie ? { Cookie: cookie } : {}) });
  let s = await preflight(client, 'login');
  s = await client.run(s, 'continue_with_login_identifier', { email });
  assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
  s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
  return [client, s];
}

/** The device-trust Set-Cookie header of the last response, if any. */
export function deviceTrustSetCookie(client: FlowClient, name = 'hanko-device-token'): string | undefined {
  return client.lastResponse?.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** `name=value` of a Set-Cookie header, for the next request's Cookie header. */
export const cookiePair = (setCookie: string): string => setCookie.split(';')[0] as string;

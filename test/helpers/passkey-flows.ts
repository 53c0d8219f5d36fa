/** Flow steps shared by the passkey tests: capability preflight, registration and login with a soft authenticator. */
import assert from 'node:assert/strict';
import type { SoftAuthenticator } from './authenticator.ts';
import { FlowClient, type FlowState } from './flow-client.ts';
import { passcodeIn, type startSmtp } from './smtp-inbox.ts';

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

export const ORIGIN = 'http://localhost:8888';
export const ANDROID_ORIGIN = 'android:apk-key-hash:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

/** Config of the passkey tests: passcode + passkey, no passwords, real SMTP. */
export const passkeyConfig = (smtpPort: number, extra: Record<string, unknown> = {}) => ({
  email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtpPort) } },
  password: { enabled: false },
  mfa: { acquire_on_registration: false },
  webauthn: { relying_party: { origins: [ORIGIN, ANDROID_ORIGIN] } },
  ...extra,
});

export async function preflight(
  client: FlowClient,
  flow: string,
  caps: { webauthn?: boolean; conditional?: boolean; platform?: boolean } = {},
): Promise<FlowState> {
  const first = await client.start(flow);
  assert.equal(first.name, 'preflight');
  return client.run(first, 'register_client_capabilities', {
    webauthn_available: caps.webauthn ?? true,
    webauthn_conditional_mediation_available: caps.conditional ?? true,
    webauthn_platform_authenticator_available: caps.platform ?? true,
  });
}

/** Registration up to the first state after the passcode. */
export async function registerUntilCredentials(
  baseUrl: string,
  smtp: Smtp,
  email: string,
): Promise<{ client: FlowClient; state: FlowState }> {
  const client = new FlowClient(baseUrl, { 'X-Language': 'en' });
  let s = await preflight(client, 'registration');
  assert.equal(s.name, 'registration_init', JSON.stringify(s));
  s = await client.run(s, 'register_login_identifier', { email });
  assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
  s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
  return { client, state: s };
}

/** Registers `email` with a passkey of `auth` (onboarding_create_passkey right after the passcode). */
export async function registerWithPasskey(
  baseUrl: string,
  smtp: Smtp,
  email: string,
  auth: SoftAuthenticator,
): Promise<{ userId: string; credentialId: string; success: FlowState }> {
  const { client, state } = await registerUntilCredentials(baseUrl, smtp, email);
  assert.equal(state.name, 'onboarding_create_passkey', JSON.stringify(state));
  const s = await client.run(state, 'webauthn_generate_creation_options');
  assert.equal(s.name, 'onboarding_verify_passkey_attestation', JSON.stringify(s));
  const response = auth.create(s.payload?.creation_options);
  const done = await client.run(s, 'webauthn_verify_attestation_response', { public_key: response });
  assert.equal(done.name, 'success', JSON.stringify(done));
  const claims = done.payload?.claims as { subject: string };
  return { userId: claims.subject, credentialId: response.id, success: done };
}

/** A login flow at `login_init` (with conditional-UI request options when `conditional`). */
export async function loginInit(
  baseUrl: string,
  conditional = true,
): Promise<{ client: FlowClient; state: FlowState }> {
  const client = new FlowClient(baseUrl, { 'X-Language': 'en' });
  const state = await preflight(client, 'login', { conditional });
  assert.equal(state.name, 'login_init', JSON.stringify(state));
  return { client, state };
}

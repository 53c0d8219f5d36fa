/**
 * The relying party and the per-profile ceremony policy (flow-api.md §6.1, §6.3): passkeys follow
 * `passkey.*`, security keys (MFA-only credentials) follow `mfa.security_keys.*`.
 */
import type { Config, UserVerification } from '../config/types.ts';

export type CredentialProfile = 'passkey' | 'security_key';
export type Operation = 'registration' | 'authentication';

export interface RelyingParty {
  id: string;
  name: string;
  /** Accepted client origins: web origins and `android:apk-key-hash:<hash>` entries. */
  origins: string[];
}

export const relyingParty = (c: Config): RelyingParty => ({
  id: c.webauthn.relying_party.id,
  name: c.webauthn.relying_party.display_name,
  origins: c.webauthn.relying_party.origins,
});

export const userVerificationFor = (c: Config, profile: CredentialProfile): UserVerification =>
  profile === 'passkey' ? c.passkey.user_verification : c.mfa.security_keys.user_verification;

/** Ceremony timeout in ms: the configured one, or two minutes when user verification is discouraged. */
export function timeoutFor(c: Config, operation: Operation, uv: UserVerification): number {
  if (uv === 'discouraged') return 120_000;
  return operation === 'registration' ? c.webauthn.timeouts.registration : c.webauthn.timeouts.login;
}

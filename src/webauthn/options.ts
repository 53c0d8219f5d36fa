/**
 * The option objects handed to the browser (flow-api.md §6.1 `creation_options`, §6.3 `request_options`),
 * with the `{publicKey: …}` wrapping that @github/webauthn-json expects. Built by hand so that the JSON is
 * exactly the documented one (no extensions, no hints).
 */
import type { AttestationPreference, Config, UserVerification } from '../config/types.ts';
import { toBase64Url, uuidToBytes } from './encoding.ts';
import type { CredentialProfile } from './relying-party.ts';

/** COSE algorithms offered for new credentials, in upstream's order. */
export const PUB_KEY_ALGORITHMS = [-7, -35, -36, -257, -258, -259, -37, -38, -39, -8] as const;

export interface CredentialDescriptor {
  id: string;
  transports: string[];
}

const descriptor = (c: CredentialDescriptor) => ({
  type: 'public-key',
  id: c.id,
  ...(c.transports.length ? { transports: c.transports } : {}),
});

export interface CreationOptionsInput {
  config: Config;
  profile: CredentialProfile;
  challenge: string;
  userId: string;
  email?: string | undefined;
  username?: string | undefined;
  userVerification: UserVerification;
  timeout: number;
  exclude: CredentialDescriptor[];
}

export function creationOptions(i: CreationOptionsInput) {
  const c = i.config;
  const attachment = c.mfa.security_keys.authenticator_attachment;
  const authenticatorSelection =
    i.profile === 'passkey'
      ? { requireResidentKey: true, residentKey: 'required', userVerification: i.userVerification }
      : {
          ...(attachment === 'platform' || attachment === 'cross-platform'
            ? { authenticatorAttachment: attachment }
            : {}),
          requireResidentKey: false,
          residentKey: 'discouraged',
          userVerification: i.userVerification,
        };
  // Both profiles use the passkey attestation preference, as upstream does (flow-api.md §6.1).
  const attestation: AttestationPreference = c.passkey.attestation_preference;
  return {
    publicKey: {
      rp: { name: c.webauthn.relying_party.display_name, id: c.webauthn.relying_party.id },
      user: {
        name: i.email || i.username || '',
        displayName: i.username || i.email || '',
        id: toBase64Url(uuidToBytes(i.userId)),
      },
      challenge: i.challenge,
      pubKeyCredParams: PUB_KEY_ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
      timeout: i.timeout,
      ...(i.exclude.length ? { excludeCredentials: i.exclude.map(descriptor) } : {}),
      authenticatorSelection,
      attestation,
    },
  };
}

export interface RequestOptionsInput {
  config: Config;
  challenge: string;
  userVerification: UserVerification;
  timeout: number;
  /** Empty for discoverable (usernameless) logins: `allowCredentials` is then omitted. */
  allow: CredentialDescriptor[];
}

export function requestOptions(i: RequestOptionsInput) {
  return {
    publicKey: {
      challenge: i.challenge,
      timeout: i.timeout,
      rpId: i.config.webauthn.relying_party.id,
      ...(i.allow.length ? { allowCredentials: i.allow.map(descriptor) } : {}),
      userVerification: i.userVerification,
    },
  };
}

/**
 * Verification through @simplewebauthn/server. Every failure of the library (a thrown error or an unverified
 * result) becomes a `WebauthnVerificationError` with one of our flow error codes; the library's text is logged,
 * never sent to the client.
 */
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Config } from '../config/types.ts';
import type { Logger } from '../util/logger.ts';
import { fromBase64Url, toBase64Url } from './encoding.ts';
import { PUB_KEY_ALGORITHMS } from './options.ts';
import { relyingParty } from './relying-party.ts';

export type WebauthnErrorCode = 'passkey_invalid' | 'webauthn_credential_invalid_mfa_only';

export class WebauthnVerificationError extends Error {
  constructor(
    readonly code: WebauthnErrorCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WebauthnVerificationError';
  }
}

interface Deps {
  config: Config;
  logger: Logger;
}

/** Runs a library call; anything it throws is logged and mapped to `passkey_invalid`. */
async function guarded<T>(deps: Deps, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.logger.info({ reason }, `webauthn ${what} rejected`);
    throw new WebauthnVerificationError('passkey_invalid', reason);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The credential id a response claims (`id`), if it is a base64url string. */
export function responseCredentialId(response: unknown): string | undefined {
  if (!isObject(response) || typeof response.id !== 'string' || response.id.length === 0) return undefined;
  return fromBase64Url(response.id) ? response.id : undefined;
}

/** The user handle of an assertion response as bytes (undefined when absent or empty). */
export function responseUserHandle(response: unknown): Buffer | undefined {
  if (!isObject(response) || !isObject(response.response)) return undefined;
  const h = response.response.userHandle;
  if (typeof h !== 'string' || h === '') return undefined;
  const bytes = fromBase64Url(h);
  return bytes && bytes.length > 0 ? bytes : undefined;
}

export interface VerifiedAttestation {
  id: string;
  /** base64url of the COSE public key. */
  publicKey: string;
  attestationType: string;
  aaguid: string;
  signCount: number;
  transports: string[];
  backupEligible: boolean;
  backupState: boolean;
}

/** Registration ceremony (flow-api.md §6.2). */
export async function verifyAttestation(
  deps: Deps,
  args: { response: unknown; challenge: string; userVerification: string },
): Promise<VerifiedAttestation> {
  if (!isObject(args.response)) {
    throw new WebauthnVerificationError('passkey_invalid', 'attestation response is not an object');
  }
  const rp = relyingParty(deps.config);
  const result = await guarded(deps, 'attestation', () =>
    verifyRegistrationResponse({
      response: args.response as unknown as RegistrationResponseJSON,
      expectedChallenge: args.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: [rp.id],
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: args.userVerification === 'required',
      supportedAlgorithmIDs: [...PUB_KEY_ALGORITHMS],
    }),
  );
  if (!result.verified) {
    deps.logger.info({ reason: 'attestation statement invalid' }, 'webauthn attestation rejected');
    throw new WebauthnVerificationError('passkey_invalid', 'attestation statement invalid');
  }
  const info = result.registrationInfo;
  const transports = ((info.credential.transports ?? []) as unknown[]).filter(
    (t): t is string => typeof t === 'string' && t.length > 0 && t.length <= 64,
  );
  return {
    id: info.credential.id,
    publicKey: toBase64Url(info.credential.publicKey),
    attestationType: info.fmt,
    aaguid: info.aaguid,
    signCount: info.credential.counter,
    transports: transports.slice(0, 16),
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backupState: info.credentialBackedUp,
  };
}

export interface StoredCredential {
  id: string;
  /** base64url of the COSE public key. */
  publicKey: string;
  signCount: number;
}

export interface VerifiedAssertion {
  signCount: number;
  backupEligible: boolean;
  backupState: boolean;
}

/**
 * Authentication ceremony (flow-api.md §6.4): type, challenge, origin, RP id hash, user presence, user
 * verification when required, the signature, and the counter (a counter that does not grow is rejected when
 * the stored or the received one is non-zero).
 */
export async function verifyAssertion(
  deps: Deps,
  args: { response: unknown; challenge: string; userVerification: string; credential: StoredCredential },
): Promise<VerifiedAssertion> {
  const publicKey = fromBase64Url(args.credential.publicKey);
  if (!publicKey) throw new WebauthnVerificationError('passkey_invalid', 'stored public key is corrupt');
  const rp = relyingParty(deps.config);
  const result = await guarded(deps, 'assertion', () =>
    verifyAuthenticationResponse({
      response: args.response as unknown as AuthenticationResponseJSON,
      expectedChallenge: args.challenge,
      expectedOrigin: rp.origins,
      expectedRPID: [rp.id],
      expectedType: 'webauthn.get',
      credential: {
        id: args.credential.id,
        publicKey: new Uint8Array(publicKey),
        counter: args.credential.signCount,
      },
      requireUserVerification: args.userVerification === 'required',
    }),
  );
  if (!result.verified) {
    deps.logger.info({ reason: 'signature invalid' }, 'webauthn assertion rejected');
    throw new WebauthnVerificationError('passkey_invalid', 'signature invalid');
  }
  const info = result.authenticationInfo;
  return {
    signCount: info.newCounter,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backupState: info.credentialBackedUp,
  };
}

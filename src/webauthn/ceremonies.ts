/**
 * WebAuthn ceremonies ("session data", flow-api.md §6): a challenge with its user, allowed credentials,
 * user-verification requirement and expiry, stored in `webauthn_session_data`. A ceremony is taken (deleted)
 * by the one verification attempt it is good for, so every challenge is single use.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config, UserVerification } from '../config/types.ts';
import {
  type Ceremony,
  type CeremonyRow,
  deleteCeremony,
  findCeremony,
} from '../persistence/repositories/webauthn-session-data.ts';
import { NIL_UUID, newChallenge } from './encoding.ts';
import { type CredentialDescriptor, creationOptions, requestOptions } from './options.ts';
import { type CredentialProfile, type Operation, timeoutFor, userVerificationFor } from './relying-party.ts';
import { WebauthnVerificationError } from './verify.ts';

export interface NewCeremony {
  row: CeremonyRow;
  allowed: string[];
}

function ceremonyRow(
  config: Config,
  now: Date,
  operation: Operation,
  userId: string,
  profile: CredentialProfile,
): { row: CeremonyRow; timeout: number; uv: UserVerification } {
  const uv = userVerificationFor(config, profile);
  const timeout = timeoutFor(config, operation, uv);
  return {
    timeout,
    uv,
    row: {
      id: randomUUID(),
      challenge: newChallenge(),
      user_id: userId,
      user_verification: uv,
      operation,
      created_at: now,
      updated_at: now,
      expires_at: new Date(now.getTime() + timeout),
    },
  };
}

/**
 * A login ceremony: discoverable (no user, no allow list) or bound to a user and the given credentials.
 * Passkey logins follow `passkey.user_verification`, security-key MFA `mfa.security_keys.user_verification`.
 */
export function newAssertionCeremony(
  config: Config,
  now: Date,
  a: { userId?: string | undefined; allow: CredentialDescriptor[]; profile: CredentialProfile },
) {
  const { row, timeout, uv } = ceremonyRow(config, now, 'authentication', a.userId ?? NIL_UUID, a.profile);
  const options = requestOptions({
    config,
    challenge: row.challenge,
    userVerification: uv,
    timeout,
    allow: a.allow,
  });
  return { ceremony: { row, allowed: a.allow.map((c) => c.id) } satisfies NewCeremony, options };
}

/** A registration ceremony for a passkey or a security key (flow-api.md §6.1). */
export function newRegistrationCeremony(
  config: Config,
  now: Date,
  r: {
    userId: string;
    email?: string | undefined;
    username?: string | undefined;
    profile: CredentialProfile;
    exclude: CredentialDescriptor[];
  },
) {
  const { row, timeout, uv } = ceremonyRow(config, now, 'registration', r.userId, r.profile);
  const options = creationOptions({
    config,
    profile: r.profile,
    challenge: row.challenge,
    userId: r.userId,
    email: r.email,
    username: r.username,
    userVerification: uv,
    timeout,
    exclude: r.exclude,
  });
  return { ceremony: { row, allowed: [] } satisfies NewCeremony, options };
}

/**
 * Takes the ceremony for its one verification attempt: it must exist, be of the expected kind and not be
 * expired. It is deleted with a conditional delete; when another request deleted it first, it is refused.
 */
export async function takeCeremony(
  db: Knex,
  id: string | undefined,
  operation: Operation,
  now: Date,
): Promise<Ceremony> {
  if (!id) throw new WebauthnVerificationError('passkey_invalid', 'no ceremony in this flow');
  const ceremony = await findCeremony(db, id);
  if (!ceremony) throw new WebauthnVerificationError('passkey_invalid', 'ceremony not found or already used');
  const deleted = await deleteCeremony(db, id);
  if (deleted !== 1) throw new WebauthnVerificationError('passkey_invalid', 'ceremony already used');
  if (ceremony.operation !== operation) {
    throw new WebauthnVerificationError('passkey_invalid', `ceremony is for ${ceremony.operation}`);
  }
  if (ceremony.expires_at && ceremony.expires_at.getTime() <= now.getTime()) {
    throw new WebauthnVerificationError('passkey_invalid', 'ceremony expired');
  }
  return ceremony;
}

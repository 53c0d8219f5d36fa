/**
 * WebAuthn credentials created in a flow: kept in the stash (`webauthn_credentials`) until they can be stored —
 * by the login after-state hook (the user exists) or at user creation (registration, flow-api.md §4.12).
 */
import type { Knex } from 'knex';
import { findUserSummary } from '../persistence/repositories/users.ts';
import { insertCredential } from '../persistence/repositories/webauthn-credentials.ts';
import type { VerifiedAttestation } from '../webauthn/verify.ts';
import type { FlowRuntime } from './engine/types.ts';
import { sendSecurityNotification } from './security-notification.ts';

export const CREDENTIALS_KEY = 'webauthn_credentials';

/** A verified, not yet stored credential (JSON, lives in the stash). */
export interface StashedCredential {
  id: string;
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  transports: string[];
  backup_eligible: boolean;
  backup_state: boolean;
  mfa_only: boolean;
  /** ISO timestamp of the verification. */
  created_at: string;
}

export function stashedCredentials(ctx: FlowRuntime): StashedCredential[] {
  const list = ctx.stash[CREDENTIALS_KEY];
  return Array.isArray(list) ? (list as StashedCredential[]) : [];
}

export function stashCredential(ctx: FlowRuntime, v: VerifiedAttestation, mfaOnly: boolean): void {
  const c: StashedCredential = {
    id: v.id,
    public_key: v.publicKey,
    attestation_type: v.attestationType,
    aaguid: v.aaguid,
    sign_count: v.signCount,
    transports: v.transports,
    backup_eligible: v.backupEligible,
    backup_state: v.backupState,
    mfa_only: mfaOnly,
    created_at: ctx.services.now().toISOString(),
  };
  ctx.stash[CREDENTIALS_KEY] = [...stashedCredentials(ctx), c];
}

/**
 * Takes the stashed credentials out of the stash and queues their storage for `userId` with their audit
 * entries (`passkey_created` / `security_key_created`). With `notify` (an existing account gained a
 * credential) the owner's primary address gets the `passkey_create` / `mfa_create` security notification.
 * Call it after the user's row is queued (registration).
 */
export function queueCredentialStorage(ctx: FlowRuntime, userId: string, opts: { notify: boolean }): void {
  const creds = stashedCredentials(ctx);
  if (creds.length === 0) return;
  delete ctx.stash[CREDENTIALS_KEY];
  ctx.write(async (trx: Knex.Transaction) => {
    const owner = await findUserSummary(trx, userId);
    const email = owner?.email?.address ?? null;
    for (const c of creds) {
      await insertCredential(trx, {
        id: c.id,
        user_id: userId,
        public_key: c.public_key,
        attestation_type: c.attestation_type,
        aaguid: c.aaguid,
        sign_count: c.sign_count,
        name: null,
        backup_eligible: c.backup_eligible,
        backup_state: c.backup_state,
        mfa_only: c.mfa_only,
        transports: c.transports,
        created_at: new Date(c.created_at),
      });
      await ctx.services.audit.write(trx, ctx.meta, {
        type: c.mfa_only ? 'security_key_created' : 'passkey_created',
        user: { id: userId, email },
        details: { flow_id: ctx.flowId, [c.mfa_only ? 'security_key' : 'passkey']: c.id },
      });
    }
    if (!opts.notify) return;
    if (creds.some((c) => !c.mfa_only)) {
      await sendSecurityNotification(trx, ctx, { userId, to: email, template: 'passkey_create' });
    }
    if (creds.some((c) => c.mfa_only)) {
      await sendSecurityNotification(trx, ctx, { userId, to: email, template: 'mfa_create' });
    }
  });
}

import { listCredentialsOfUsers } from '../../persistence/repositories/webauthn-credentials.ts';
import { newRegistrationCeremony } from '../../webauthn/ceremonies.ts';
import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { bool, str } from '../stash.ts';
import { descriptors, stashCeremony } from '../webauthn-ceremony.ts';
import { stashedCredentials } from '../webauthn-store.ts';

/**
 * onboarding_create_passkey (passkey profile) and mfa_security_key_creation (security-key profile): start a
 * registration ceremony for the flow's user (flow-api.md §4.11, §4.15, §6.1).
 * → onboarding_verify_passkey_attestation with `payload.creation_options`.
 */
export const webauthnGenerateCreationOptions: ActionImplementation = {
  description: 'Get the creation options for a new passkey or security key.',
  offered: (ctx) => bool(ctx.stash, 'webauthn_available'),
  async execute(ctx) {
    const c = ctx.services.config;
    const userId = str(ctx.stash, 'user_id');
    const email = str(ctx.stash, 'email');
    const username = str(ctx.stash, 'username');
    if (!userId || (!email && !username)) {
      throw new FlowError('technical_error', {}, 'no user to create a WebAuthn credential for');
    }
    const mfaOnly = ctx.state === 'mfa_security_key_creation';
    // The user's stored credentials (none yet during registration): excluded from this ceremony.
    const existing = await listCredentialsOfUsers(ctx.services.db.knex, [userId]);
    const sameKind = [...existing, ...stashedCredentials(ctx)].filter((x) => x.mfa_only === mfaOnly).length;
    if (sameKind >= (mfaOnly ? c.mfa.security_keys.limit : c.passkey.limit)) {
      throw new FlowError('operation_not_permitted_error', {}, 'credential limit reached');
    }
    const { ceremony, options } = newRegistrationCeremony(c, ctx.services.now(), {
      userId,
      email,
      username,
      profile: mfaOnly ? 'security_key' : 'passkey',
      exclude: descriptors(existing),
    });
    stashCeremony(ctx, ceremony);
    ctx.stash.create_mfa_only_credential = mfaOnly;
    ctx.payload.creation_options = options;
    return { continue: ['onboarding_verify_passkey_attestation'] };
  },
};

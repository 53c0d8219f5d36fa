import type { HookImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';
import { queueCredentialStorage } from '../webauthn-store.ts';

/**
 * After `onboarding_verify_passkey_attestation` (login): the existing user's new passkey or security key is
 * stored with the flow's writes, audited, and announced by a security notification (flow-api.md §4.12).
 */
export const saveWebauthnCredentials: HookImplementation = async (ctx) => {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) return;
  queueCredentialStorage(ctx, userId, { notify: true });
};

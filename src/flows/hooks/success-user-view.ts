import { loadUserProfile } from '../../persistence/repositories/user-profile.ts';
import { profileResponse } from '../../users/profile.ts';
import type { HookImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';

/**
 * View hook of `success`: once the request has committed, `payload.user` is the complete ProfileData (§7.1) of
 * the user as stored now — including what this flow created (a new account, passkeys, an email).
 */
export const successUserView: HookImplementation = async (ctx) => {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) return;
  const record = await loadUserProfile(ctx.services.db.knex, userId);
  if (record) ctx.payload.user = profileResponse(record, ctx.services.config);
};

import { loadUserProfile, type UserProfileRecord } from '../persistence/repositories/user-profile.ts';
import { FlowError } from './engine/errors.ts';
import type { FlowRuntime } from './engine/types.ts';

/** The session user of a profile-flow request, loaded once per request. */
export async function sessionUser(ctx: FlowRuntime): Promise<UserProfileRecord> {
  const cached = ctx.scratch.session_user as UserProfileRecord | undefined;
  if (cached) return cached;
  const userId = ctx.session?.userId;
  if (!userId) throw new FlowError('unauthorized');
  const record = await loadUserProfile(ctx.services.db.knex, userId);
  if (!record) throw new FlowError('unauthorized');
  ctx.scratch.session_user = record;
  return record;
}

/** Profile actions return to `profile_init`. */
export const backToProfile = { continue: ['profile_init'] };

export const primaryAddress = (u: UserProfileRecord): string | null =>
  u.emails.find((e) => e.is_primary)?.address ?? null;

import type { HookImplementation } from '../engine/types.ts';
import { bool, str } from '../stash.ts';

/**
 * Before `success`: `payload.user` (ProfileData, flow-api.md §7.1). Built from the stash and the database as
 * it will be after this request's writes commit (a new registration's rows do not exist yet).
 */
export const userPayload: HookImplementation = async (ctx) => {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new Error('user_payload: no user id stashed');
  const c = ctx.services.config;
  const db = ctx.services.db.knex;
  const user = await db('users').where({ id: userId }).first();
  const now = ctx.services.now();
  const emails = (
    await db('emails as e')
      .leftJoin('primary_emails as p', 'p.email_id', 'e.id')
      .where('e.user_id', userId)
      .select('e.id', 'e.address', 'e.verified', 'p.id as primary_id')
  ).map((e: { id: string; address: string; verified: boolean; primary_id: string | null }) => ({
    id: e.id,
    address: e.address,
    is_verified: e.verified,
    is_primary: !!e.primary_id,
  }));
  const email = str(ctx.stash, 'email');
  if (!user && email) {
    emails.push({
      id: str(ctx.stash, 'new_email_id') ?? '',
      address: email,
      is_verified: bool(ctx.stash, 'email_verified'),
      is_primary: true,
    });
  }
  const username = await db('usernames').where({ user_id: userId }).first();
  const stashedUsername = str(ctx.stash, 'username');
  const payloadUser: Record<string, unknown> = {
    id: userId,
    user_id: userId,
    mfa_config: {
      auth_app_set_up: bool(ctx.stash, 'user_has_otp_secret'),
      totp_enabled: c.mfa.enabled && c.mfa.totp.enabled,
      security_keys_enabled: c.mfa.enabled && c.mfa.security_keys.enabled,
    },
    created_at: user?.created_at ?? now,
    updated_at: user?.updated_at ?? now,
  };
  if (emails.length) payloadUser.emails = emails;
  if (username) {
    payloadUser.username = {
      id: username.id,
      username: username.username,
      created_at: username.created_at,
      updated_at: username.updated_at,
    };
  } else if (stashedUsername && !user) {
    payloadUser.username = {
      id: str(ctx.stash, 'new_username_id') ?? '',
      username: stashedUsername,
      created_at: now,
      updated_at: now,
    };
  }
  for (const k of ['name', 'given_name', 'family_name', 'picture'] as const)
    if (user?.[k]) payloadUser[k] = user[k];
  ctx.payload.user = payloadUser;
};

import type { UserProfileRecord } from '../persistence/repositories/user-profile.ts';
import type { FlowRuntime } from './engine/types.ts';

/** The profile's session user as loaded for this request (before-each-action / view hooks). */
export const loadedUser = (ctx: FlowRuntime): UserProfileRecord | undefined =>
  ctx.scratch.session_user as UserProfileRecord | undefined;

export const passkeysOf = (u: UserProfileRecord) => u.credentials.filter((c) => !c.mfa_only);
export const securityKeysOf = (u: UserProfileRecord) => u.credentials.filter((c) => c.mfa_only);

/**
 * Ways the user could still log in besides the one being removed (§4.18 `password_delete`,
 * `webauthn_credential_delete`): passkeys, password, passcode by email, third-party identities.
 */
export function loginMethods(ctx: FlowRuntime, u: UserProfileRecord, hasPassword: boolean) {
  const c = ctx.services.config;
  const emailId = c.email.enabled && c.email.use_as_login_identifier && u.emails.length > 0;
  const usernameId = c.username.enabled && c.username.use_as_login_identifier && u.username !== null;
  return {
    passkey: c.passkey.enabled && u.credentials.length > 0,
    password: c.password.enabled && hasPassword && (emailId || usernameId),
    passcode:
      c.email.enabled &&
      c.email.use_for_authentication &&
      u.emails.length > 0 &&
      (c.email.use_as_login_identifier || usernameId),
    identity: u.identities.length > 0,
  };
}

/** Whether the session user has a password, as loaded for this response (fresh after the request's writes). */
export const hasPassword = (ctx: FlowRuntime): boolean =>
  typeof ctx.scratch.has_password === 'boolean'
    ? ctx.scratch.has_password
    : ctx.stash.user_has_password === true;

/** Loads what the profile's offered actions look at beyond the profile record. */
export async function loadCredentialFacts(ctx: FlowRuntime, userId: string): Promise<void> {
  const row = await ctx.services.db.knex('password_credentials').where({ user_id: userId }).first('id');
  ctx.scratch.has_password = !!row;
}

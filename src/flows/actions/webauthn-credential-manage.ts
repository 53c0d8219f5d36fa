import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { hasPassword, loadedUser, loginMethods, securityKeysOf } from '../profile-credentials.ts';
import { primaryAddress } from '../profile-user.ts';
import { sendSecurityNotification } from '../security-notification.ts';

const requireUser = (ctx: FlowRuntime) => {
  const u = loadedUser(ctx);
  if (!u) throw new Error('profile credential: no user');
  return u;
};

/** profile_init: rename one of the user's credentials (§4.18). */
export const webauthnCredentialRename: ActionImplementation = {
  description: 'Rename a passkey.',
  offered: (ctx) => ctx.services.config.passkey.enabled && (loadedUser(ctx)?.credentials.length ?? 0) > 0,
  inputs: () => [
    { name: 'passkey_id', type: 'string', required: true, hidden: true },
    { name: 'passkey_name', type: 'string', required: true, max_length: 255 },
  ],
  async execute(ctx) {
    const u = requireUser(ctx);
    const cred = u.credentials.find((c) => c.id === ctx.input.passkey_id);
    if (!cred) throw new FlowError('not_found');
    const name = String(ctx.input.passkey_name);
    const now = ctx.services.now();
    ctx.write(async (trx) => {
      await trx('webauthn_credentials')
        .where({ id: cred.id, user_id: u.user.id })
        .update({ name, updated_at: now });
    });
    return { continue: ['profile_init'] };
  },
};

/** profile_init: delete a passkey, never the last way to log in (§4.18). */
export const webauthnCredentialDelete: ActionImplementation = {
  description: 'Delete a passkey.',
  offered(ctx) {
    const u = loadedUser(ctx);
    const c = ctx.services.config;
    if (!u || !c.passkey.enabled || u.credentials.length === 0) return false;
    if (u.credentials.length === 1) {
      if (!c.passkey.optional) return false;
      const m = loginMethods(ctx, u, hasPassword(ctx));
      if (!m.password && !m.passcode && !m.identity) return false;
    }
    return true;
  },
  inputs: () => [{ name: 'passkey_id', type: 'string', required: true, hidden: true }],
  async execute(ctx) {
    const u = requireUser(ctx);
    const cred = u.credentials.find((c) => c.id === ctx.input.passkey_id);
    if (!cred) throw new FlowError('not_found');
    ctx.write(async (trx) => {
      await trx('webauthn_credentials').where({ id: cred.id, user_id: u.user.id }).delete();
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'passkey_deleted',
        user: { id: u.user.id, email: primaryAddress(u) },
        details: { flow_id: ctx.flowId, credential_id: cred.id },
      });
    });
    return { continue: ['profile_init'] };
  },
};

/** profile_init: delete a security key, unless it is the last required second factor (§4.18). */
export const securityKeyDelete: ActionImplementation = {
  description: 'Delete a security key.',
  offered(ctx) {
    const u = loadedUser(ctx);
    const c = ctx.services.config;
    if (!u || !c.mfa.enabled || !c.mfa.security_keys.enabled) return false;
    const keys = securityKeysOf(u).length;
    if (keys === 0) return false;
    return !(!c.mfa.optional && !u.hasOtpSecret && keys === 1);
  },
  inputs: () => [{ name: 'security_key_id', type: 'string', required: true, hidden: true }],
  async execute(ctx) {
    const u = requireUser(ctx);
    const cred = u.credentials.find((c) => c.id === ctx.input.security_key_id);
    if (!cred) throw new FlowError('not_found');
    ctx.write(async (trx) => {
      await trx('webauthn_credentials').where({ id: cred.id, user_id: u.user.id }).delete();
      await sendSecurityNotification(trx, ctx, {
        userId: u.user.id,
        to: primaryAddress(u),
        template: 'mfa_delete',
      });
    });
    return { continue: ['profile_init'] };
  },
};

/** profile_init: remove the authenticator app, unless it is the last required second factor (§4.18). */
export const otpSecretDelete: ActionImplementation = {
  description: 'Delete the authenticator app.',
  offered(ctx) {
    const u = loadedUser(ctx);
    const c = ctx.services.config;
    if (!u?.hasOtpSecret) return false;
    return !(c.mfa.enabled && !c.mfa.optional && securityKeysOf(u).length === 0);
  },
  async execute(ctx) {
    const u = requireUser(ctx);
    ctx.write(async (trx) => {
      await trx('otp_secrets').where({ user_id: u.user.id }).delete();
      await sendSecurityNotification(trx, ctx, {
        userId: u.user.id,
        to: primaryAddress(u),
        template: 'mfa_delete',
      });
    });
    return { continue: ['profile_init'] };
  },
};

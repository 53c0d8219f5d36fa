import type { ActionImplementation } from '../engine/types.ts';

/** mfa_method_chooser: set up an authenticator app (§4.15). */
export const continueToOtpSecretCreation: ActionImplementation = {
  description: 'Set up an authenticator app.',
  offered(ctx) {
    const c = ctx.services.config;
    if (ctx.flowName !== 'profile') return c.mfa.enabled && c.mfa.totp.enabled;
    // Profile (§4.18): only while the user has no authenticator app yet.
    const u = ctx.scratch.session_user as { hasOtpSecret: boolean } | undefined;
    return c.mfa.totp.enabled && !!u && !u.hasOtpSecret;
  },
  async execute(ctx) {
    if (ctx.flowName !== 'profile') return { continue: ['mfa_otp_secret_creation'] };
    const u = ctx.scratch.session_user as {
      emails: Array<{ address: string; is_primary: boolean }>;
      username: { username: string } | null;
    };
    const primary = u.emails.find((e) => e.is_primary)?.address;
    if (primary) ctx.stash.email = primary;
    if (u.username) ctx.stash.username = u.username.username;
    return { continue: ['mfa_otp_secret_creation', 'profile_init'] };
  },
};

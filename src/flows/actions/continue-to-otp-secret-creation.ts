import type { ActionImplementation } from '../engine/types.ts';

/** mfa_method_chooser: set up an authenticator app (§4.15). */
export const continueToOtpSecretCreation: ActionImplementation = {
  description: 'Set up an authenticator app.',
  offered: (ctx) => ctx.services.config.mfa.enabled && ctx.services.config.mfa.totp.enabled,
  async execute() {
    return { continue: ['mfa_otp_secret_creation'] };
  },
};

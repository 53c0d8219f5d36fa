import type { ActionImplementation } from '../engine/types.ts';
import { bool } from '../stash.ts';

/** login_security_key: use the authenticator app instead (§4.16). */
export const continueToLoginOtp: ActionImplementation = {
  description: 'Use the authenticator app instead.',
  offered: (ctx) =>
    ctx.services.config.mfa.enabled &&
    ctx.services.config.mfa.totp.enabled &&
    bool(ctx.stash, 'user_has_otp_secret'),
  async execute() {
    return { continue: ['login_otp'] };
  },
};

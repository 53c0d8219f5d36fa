import type { ActionImplementation } from '../engine/types.ts';
import { bool } from '../stash.ts';

/** login_otp: use a security key instead (§4.16). */
export const continueToLoginSecurityKey: ActionImplementation = {
  description: 'Use a security key instead.',
  offered: (ctx) =>
    ctx.services.config.mfa.enabled &&
    ctx.services.config.mfa.security_keys.enabled &&
    bool(ctx.stash, 'user_has_webauthn_credential') &&
    bool(ctx.stash, 'security_key_attachment_supported'),
  async execute() {
    return { continue: ['login_security_key'] };
  },
};

import type { ActionImplementation } from '../engine/types.ts';
import { bool } from '../stash.ts';

/** mfa_method_chooser: register a security key as second factor (§4.15); the ceremony follows there. */
export const continueToSecurityKeyCreation: ActionImplementation = {
  description: 'Register a security key.',
  offered(ctx) {
    const m = ctx.services.config.mfa;
    const s = ctx.stash;
    if (!m.enabled || !m.security_keys.enabled) return false;
    if (!bool(s, 'security_key_attachment_supported') || !bool(s, 'webauthn_available')) return false;
    return !(
      m.security_keys.authenticator_attachment === 'platform' &&
      !bool(s, 'webauthn_platform_authenticator_available')
    );
  },
  async execute() {
    return { continue: ['mfa_security_key_creation'] };
  },
};

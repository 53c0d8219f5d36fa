import type { ActionImplementation } from '../engine/types.ts';

/** preflight: the client reports its WebAuthn capabilities (§4.1). */
export const registerClientCapabilities: ActionImplementation = {
  description: 'Send the client capabilities.',
  inputs: () => [
    { name: 'webauthn_available', type: 'boolean', required: true, hidden: true },
    { name: 'webauthn_conditional_mediation_available', type: 'boolean', hidden: true },
    { name: 'webauthn_platform_authenticator_available', type: 'boolean', hidden: true },
  ],
  async execute(ctx) {
    const platform = ctx.input.webauthn_platform_authenticator_available === true;
    ctx.stash.webauthn_available = ctx.input.webauthn_available === true;
    ctx.stash.webauthn_conditional_mediation_available =
      ctx.input.webauthn_conditional_mediation_available === true;
    ctx.stash.webauthn_platform_authenticator_available = platform;
    ctx.stash.security_key_attachment_supported =
      platform || ctx.services.config.mfa.security_keys.authenticator_attachment !== 'platform';
    return { continue: [] };
  },
};

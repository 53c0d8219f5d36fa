import type { ActionImplementation } from '../engine/types.ts';

/** `skip` in the onboarding states: offered only where the thing asked for is optional (§4.14). */
export const skip: ActionImplementation = {
  description: 'Skip this step.',
  offered(ctx) {
    const c = ctx.services.config;
    if (ctx.state === 'onboarding_username') return c.username.optional;
    if (ctx.state === 'onboarding_email') return c.email.optional;
    if (ctx.state === 'mfa_method_chooser') return c.mfa.optional;
    if (ctx.state === 'device_trust') return true;
    return true;
  },
  async execute() {
    return { continue: [] };
  },
};

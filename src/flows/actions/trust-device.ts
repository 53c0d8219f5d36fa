import type { ActionImplementation } from '../engine/types.ts';

/** device_trust: skip the second factor on this browser next time (§4.17); the cookie is set at `success`. */
export const trustDevice: ActionImplementation = {
  description: 'Trust this device.',
  async execute(ctx) {
    ctx.stash.device_trust_granted = true;
    ctx.preventRevert();
    return { continue: [] };
  },
};

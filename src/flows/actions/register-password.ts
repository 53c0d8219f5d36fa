import type { ActionImplementation } from '../engine/types.ts';
import { assertNewPasswordAllowed, NEW_PASSWORD_HASH } from '../passwords.ts';
import { scheduleMfa } from '../scheduling.ts';

/**
 * password_creation: choose a password (§4.13). Only its hash is stashed; it is stored by the login flow's
 * `save_password` hook or, in registration, with the new user.
 */
export const registerPassword: ActionImplementation = {
  description: 'Set a password.',
  inputs: (ctx) => [
    {
      name: 'new_password',
      type: 'password',
      required: !ctx.services.config.password.optional,
      min_length: ctx.services.config.password.min_length,
    },
  ],
  async execute(ctx) {
    const password = String(ctx.input.new_password ?? '');
    assertNewPasswordAllowed(ctx, 'new_password', password);
    ctx.stash[NEW_PASSWORD_HASH] = await ctx.services.passwords.hash(password);
    ctx.stash.user_has_password = true;
    if (ctx.flowName === 'registration') ctx.stash.amr_password = true;
    ctx.preventRevert();
    scheduleMfa(ctx);
    return { continue: [] };
  },
};

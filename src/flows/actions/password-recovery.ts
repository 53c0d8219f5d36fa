import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { assertNewPasswordAllowed, queuePasswordWrite } from '../passwords.ts';
import { scheduleMfa } from '../scheduling.ts';
import { str } from '../stash.ts';

/** login_password_recovery: set a new password after the recovery passcode was verified (§4.5). */
export const passwordRecovery: ActionImplementation = {
  description: 'Set a new password.',
  offered: (ctx) => ctx.services.config.password.enabled,
  inputs: (ctx) => [
    {
      name: 'new_password',
      type: 'password',
      required: true,
      min_length: ctx.services.config.password.min_length,
      max_length: 72,
    },
  ],
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new FlowError('operation_not_permitted_error');
    const password = String(ctx.input.new_password ?? '');
    assertNewPasswordAllowed(ctx, 'new_password', password);
    const hash = await ctx.services.passwords.hash(password);
    queuePasswordWrite(ctx, userId, hash, 'recovery');
    ctx.stash.user_has_password = true;
    ctx.stash.pw_recovery_pending = false;
    scheduleMfa(ctx);
    ctx.preventRevert();
    return { continue: [] };
  },
};

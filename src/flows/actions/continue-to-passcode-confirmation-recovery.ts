import type { ActionImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';

/** login_password: forgot the password — prove the address with a passcode, then set a new one (§4.4, §4.5). */
export const continueToPasscodeConfirmationRecovery: ActionImplementation = {
  description: 'Reset the password with a passcode sent by email.',
  offered: (ctx) => ctx.services.config.password.recovery && !!str(ctx.stash, 'email'),
  async execute(ctx) {
    ctx.stash.login_method = 'password';
    ctx.stash.passcode_template = str(ctx.stash, 'user_id') ? 'recovery' : 'email_login_attempted';
    ctx.stash.pw_recovery_pending = true;
    return { continue: ['passcode_confirmation'] };
  },
};

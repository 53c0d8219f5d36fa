import type { ActionImplementation } from '../engine/types.ts';
import { startPasscodeLogin } from '../login-methods.ts';
import { bool } from '../stash.ts';

/** login_method_chooser: log in with a passcode mailed to the address (§4.3, §4.2 step 9). */
export const continueToPasscodeConfirmation: ActionImplementation = {
  description: 'Log in with a passcode sent by email.',
  offered(ctx) {
    const c = ctx.services.config;
    return !(
      c.privacy.only_show_actual_login_methods &&
      (!bool(ctx.stash, 'user_has_emails') || !c.email.enabled || !c.email.use_for_authentication)
    );
  },
  async execute(ctx) {
    return startPasscodeLogin(ctx);
  },
};

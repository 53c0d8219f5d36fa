import type { ActionImplementation } from '../engine/types.ts';
import { bool } from '../stash.ts';

/** login_method_chooser: log in with the password (§4.3). */
export const continueToPasswordLogin: ActionImplementation = {
  description: 'Log in with a password.',
  offered(ctx) {
    const c = ctx.services.config;
    return !(
      c.privacy.only_show_actual_login_methods &&
      (!bool(ctx.stash, 'user_has_password') || !c.password.enabled)
    );
  },
  async execute() {
    return { continue: ['login_password'] };
  },
};

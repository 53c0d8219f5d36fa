import { findEmailByAddress } from '../../persistence/repositories/emails.ts';
import { inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';

/** onboarding_email: collect an address for a user who has none (§4.14). */
export const emailAddressSet: ActionImplementation = {
  description: 'Enter an email address.',
  inputs: (ctx) => [
    {
      name: 'email',
      type: 'string',
      required: !ctx.services.config.email.optional,
      max_length: ctx.services.config.email.max_length,
      preserve: true,
      trim: true,
      lower: true,
    },
  ],
  async execute(ctx) {
    const email = String(ctx.input.email ?? '');
    if (!email) return { continue: [] };
    const exists = !!(await findEmailByAddress(ctx.services.db.knex, email));
    ctx.stash.email = email;
    if (ctx.services.config.email.require_verification) {
      ctx.stash.passcode_template = exists ? 'email_registration_attempted' : 'email_verification';
      ctx.stash.login_onboarding_create_email = !exists;
      return { continue: ['passcode_confirmation'] };
    }
    if (exists) throw inputError('email', 'email_already_exists');
    ctx.stash.login_onboarding_create_email = true;
    ctx.preventRevert();
    return { continue: [] };
  },
};

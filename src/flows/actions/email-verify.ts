import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { sessionUser } from '../profile-user.ts';

/** profile_init: verify one of the user's unverified addresses by passcode (§4.18). */
export const emailVerify: ActionImplementation = {
  description: 'Verify an email address.',
  offered: (ctx) => {
    const u = ctx.scratch.session_user as { emails: Array<{ verified: boolean }> } | undefined;
    return ctx.services.config.email.enabled && !!u?.emails.some((e) => !e.verified);
  },
  inputs: () => [{ name: 'email_id', type: 'string', required: true, hidden: true }],
  async execute(ctx) {
    const u = await sessionUser(ctx);
    const email = u.emails.find((e) => e.id === ctx.input.email_id);
    if (!email) throw new FlowError('not_found');
    ctx.stash.email = email.address;
    ctx.stash.user_id = u.user.id;
    ctx.stash.passcode_template = 'email_verification';
    return { continue: ['passcode_confirmation', 'profile_init'] };
  },
};

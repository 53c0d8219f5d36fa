import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { passcodeRateAllowed, queuePasscode } from '../passcode-sender.ts';
import { str } from '../stash.ts';

/** passcode_confirmation: send a new passcode (rate limited). */
export const resendPasscode: ActionImplementation = {
  description: 'Send a new passcode.',
  async execute(ctx) {
    const email = str(ctx.stash, 'email');
    if (!email || !str(ctx.stash, 'passcode_template')) throw new Error('resend_passcode: nothing to send');
    if (!(await passcodeRateAllowed(ctx, email))) throw new FlowError('rate_limit_exceeded');
    queuePasscode(ctx);
    // Same state; the before-state hook sees the fresh passcode and does not send again.
    return { continue: [ctx.state] };
  },
};

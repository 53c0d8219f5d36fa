import { FlowError, inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { passcodeService, requireStashedPasscode } from '../passcode-sender.ts';
import { scheduleMfa } from '../scheduling.ts';
import { str } from '../stash.ts';

/** passcode_confirmation: check the code (§4.7). */
export const verifyPasscode: ActionImplementation = {
  description: 'Enter the passcode sent by email.',
  inputs: () => [{ name: 'code', type: 'string', required: true }],
  async execute(ctx) {
    const id = requireStashedPasscode(ctx);
    const svc = await passcodeService(ctx.services);
    // Its own short transaction: a wrong try must count even if the flow update later fails.
    const result = await ctx.services.db.knex.transaction((trx) =>
      svc.checkPasscode(trx, { id, code: String(ctx.input.code), now: ctx.services.now() }),
    );
    if (result !== 'ok') {
      const userId = str(ctx.stash, 'user_id');
      if (ctx.flowName === 'login') {
        // Failed logins are audited; the entry commits although the action fails (the flow stays).
        ctx.write((trx) =>
          ctx.services.audit.write(trx, ctx.meta, {
            type: 'login_failure',
            user: userId ? { id: userId, email: str(ctx.stash, 'email') ?? null } : null,
            error: `passcode ${result}`,
            details: { flow_id: ctx.flowId, login_method: 'passcode' },
          }),
        );
      }
      if (result === 'too_many_attempts') throw new FlowError('passcode_max_attempts_reached');
      throw inputError('code', 'passcode_invalid');
    }
    if (!str(ctx.stash, 'user_id')) throw new FlowError('operation_not_permitted_error');
    ctx.stash.email_verified = true;
    ctx.stash.user_has_emails = true;
    if (ctx.flowName === 'registration') ctx.stash.amr_passcode = true;
    ctx.preventRevert();
    scheduleMfa(ctx);
    return { continue: [] };
  },
};

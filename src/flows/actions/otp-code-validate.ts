import { acceptOtpStep, findOtpSecret } from '../../mfa/otp-store.ts';
import { verifyTotp } from '../../mfa/totp.ts';
import { FlowError, inputError } from '../engine/errors.ts';
import type { ActionContext, ActionImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';

/** Audits a wrong code; queued before the stay error is thrown, so it commits with the flow update. */
function auditFailure(ctx: ActionContext, userId: string, reason: string): FlowError {
  ctx.write((trx) =>
    ctx.services.audit.write(trx, ctx.meta, {
      type: 'login_failure',
      user: { id: userId, email: str(ctx.stash, 'email') ?? null },
      error: reason,
      details: {
        flow_id: ctx.flowId,
        ...(ctx.stash.login_method ? { login_method: ctx.stash.login_method } : {}),
        mfa_method: 'totp',
      },
    }),
  );
  return inputError('otp_code', 'passcode_invalid');
}

/**
 * login_otp: the second factor by authenticator app (§4.16). Rate limited per client and user; a code (time
 * step) is accepted at most once per user, also across concurrent requests.
 */
export const otpCodeValidate: ActionImplementation = {
  description: 'Enter the code from the authenticator app.',
  inputs: () => [{ name: 'otp_code', type: 'string', required: true }],
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new FlowError('technical_error', {}, 'no user id stashed');
    const limit = await ctx.services.rateLimiters.otp.consume(`otp/${ctx.meta.ip}/${userId}`);
    if (!limit.allowed) {
      ctx.payload.retry_after = limit.retryAfterSeconds;
      throw new FlowError('rate_limit_exceeded');
    }
    const db = ctx.services.db.knex;
    const stored = await findOtpSecret(db, userId);
    if (!stored) throw auditFailure(ctx, userId, 'no otp secret');
    const now = ctx.services.now();
    const step = verifyTotp(stored.secret, ctx.input.otp_code, now, stored.last_validated_step);
    if (step === undefined) throw auditFailure(ctx, userId, 'invalid or used code');
    // Its own statement, not a queued write: the winner of a race is decided now, the loser gets an input error.
    if (!(await acceptOtpStep(db, stored.id, step, now)))
      throw auditFailure(ctx, userId, 'code already used');
    ctx.stash.mfa_method = 'totp';
    ctx.preventRevert();
    return { continue: [] };
  },
};

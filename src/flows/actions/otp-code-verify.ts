import { findOtpSecret } from '../../mfa/otp-store.ts';
import { verifyTotp } from '../../mfa/totp.ts';
import { FlowError, inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';
import { OTP_ENROLLED_KEY, OTP_SECRET_KEY, storeOtpSecret } from '../totp-enrolment.ts';

/**
 * mfa_otp_secret_creation: the user proves the authenticator app has the secret (§4.15). Registration keeps
 * it in the stash until the user is created; login (and profile) store it for the user now.
 */
export const otpCodeVerify: ActionImplementation = {
  description: 'Confirm the authenticator app with a code.',
  inputs: () => [{ name: 'otp_code', type: 'string', required: true }],
  offered: (ctx) => ctx.services.config.mfa.enabled && ctx.services.config.mfa.totp.enabled,
  async execute(ctx) {
    const secret = str(ctx.stash, OTP_SECRET_KEY);
    if (!secret) throw new FlowError('technical_error', {}, 'no otp secret stashed');
    const step = verifyTotp(secret, ctx.input.otp_code, ctx.services.now());
    if (step === undefined) throw inputError('otp_code', 'passcode_invalid');
    const otp = { secret, step };
    if (ctx.flowName === 'registration') {
      ctx.stash[OTP_ENROLLED_KEY] = otp;
      ctx.stash.amr_totp = true;
    } else {
      const userId = ctx.flowName === 'profile' ? ctx.session?.userId : str(ctx.stash, 'user_id');
      if (!userId) throw new FlowError('technical_error', {}, 'no user for the otp secret');
      // One secret per user: a second one (set up in a parallel flow) is refused, never silently replaced.
      if (await findOtpSecret(ctx.services.db.knex, userId))
        throw new FlowError('operation_not_permitted_error');
      ctx.write((trx) => storeOtpSecret(trx, ctx, { userId, otp, notify: true }));
    }
    delete ctx.stash[OTP_SECRET_KEY];
    ctx.stash.user_has_otp_secret = true;
    ctx.preventRevert();
    return { continue: [] };
  },
};

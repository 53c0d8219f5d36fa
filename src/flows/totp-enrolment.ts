import type { Knex } from 'knex';
import { insertOtpSecret } from '../mfa/otp-store.ts';
import type { FlowRuntime } from './engine/types.ts';
import { sendSecurityNotification } from './security-notification.ts';
import { str } from './stash.ts';

/** Stash keys of a TOTP enrolment (flow-api.md §4.15). */
export const OTP_SECRET_KEY = 'otp_secret';
/** Set once the code was verified: `{ secret, step }`, stored at user creation (registration). */
export const OTP_ENROLLED_KEY = 'otp_secret_enrolled';

export interface EnrolledOtp {
  secret: string;
  step: number;
}

export function enrolledOtp(ctx: FlowRuntime): EnrolledOtp | undefined {
  const v = ctx.stash[OTP_ENROLLED_KEY] as Partial<EnrolledOtp> | undefined;
  return v && typeof v.secret === 'string' && typeof v.step === 'number'
    ? { secret: v.secret, step: v.step }
    : undefined;
}

/** The user's primary address inside `trx` (null when there is none). */
async function primaryAddress(trx: Knex.Transaction, userId: string): Promise<string | null> {
  const row = await trx('primary_emails as p')
    .join('emails as e', 'e.id', 'p.email_id')
    .where('p.user_id', userId)
    .first('e.address');
  return (row?.address as string | undefined) ?? null;
}

/**
 * Inside a queued write: stores a verified TOTP secret for `userId` (the verified step counts as used, so the
 * code just typed cannot log in again), audits `otp_created` and, for an existing user, sends the `mfa_create`
 * security notification.
 */
export async function storeOtpSecret(
  trx: Knex.Transaction,
  ctx: FlowRuntime,
  args: { userId: string; otp: EnrolledOtp; notify: boolean },
): Promise<void> {
  const id = await insertOtpSecret(trx, {
    userId: args.userId,
    secret: args.otp.secret,
    lastValidatedStep: args.otp.step,
    now: ctx.services.now(),
  });
  const to = (await primaryAddress(trx, args.userId)) ?? str(ctx.stash, 'email') ?? null;
  await ctx.services.audit.write(trx, ctx.meta, {
    type: 'otp_created',
    user: { id: args.userId, email: to },
    details: { flow_id: ctx.flowId, otp_secret: id },
  });
  if (args.notify)
    await sendSecurityNotification(trx, ctx, { userId: args.userId, to, template: 'mfa_create' });
}

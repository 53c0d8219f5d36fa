import { randomUUID } from 'node:crypto';
import { isMailTemplate } from '../mail/types.ts';
import type { Services } from '../services.ts';
import { FlowError } from './engine/errors.ts';
import type { FlowRuntime } from './engine/types.ts';
import { sticky, str } from './stash.ts';

/** Templates that say "no account / already registered" and carry no code (§4.7). */
const CODELESS = new Set(['email_login_attempted', 'email_registration_attempted']);

let cached: { services: Services; svc: import('../passcodes/passcodes.ts').PasscodeService } | undefined;

export async function passcodeService(services: Services) {
  if (cached?.services === services) return cached.svc;
  const { createPasscodeService } = await import('../passcodes/passcodes.ts');
  const svc = createPasscodeService({
    secrets: services.secrets,
    charset: services.config.email.passcode_charset,
  });
  cached = { services, svc };
  return svc;
}

/**
 * Consumes a passcode-sending token for `passcode/<ip>/<email>`; on exhaustion sets `payload.resend_after`
 * and returns false.
 */
export async function passcodeRateAllowed(ctx: FlowRuntime, email: string): Promise<boolean> {
  const r = await ctx.services.rateLimiters.passcode.consume(`passcode/${ctx.meta.ip}/${email}`);
  if (r.allowed) return true;
  ctx.payload.resend_after = r.retryAfterSeconds;
  return false;
}

/**
 * Queues a new passcode for the stashed email and the mail that carries it; both commit with the flow.
 * The passcode id is stashed (sticky) right away so the flow state refers to it.
 */
export function queuePasscode(ctx: FlowRuntime): void {
  const email = str(ctx.stash, 'email');
  const template = str(ctx.stash, 'passcode_template');
  if (!email || !template || !isMailTemplate(template))
    throw new Error('passcode: no email or template stashed');
  const id = randomUUID();
  const userId = str(ctx.stash, 'user_id') ?? null;
  const knownUser = userId && ctx.flowName !== 'registration' ? userId : null;
  const ttl = ctx.services.config.email.passcode_ttl;
  const now = ctx.services.now();
  ctx.write(async (trx) => {
    const svc = await passcodeService(ctx.services);
    const emailRow = await trx('emails').where({ address: email }).first('id', 'user_id');
    const ownEmailId = emailRow && knownUser && emailRow.user_id === knownUser ? emailRow.id : null;
    const { code } = await svc.createPasscode(trx, {
      id,
      userId: knownUser,
      emailId: ownEmailId,
      ttlSeconds: ttl,
      now,
    });
    await ctx.services.mail.enqueue(trx, {
      to: email,
      template,
      locale: ctx.locale,
      data: CODELESS.has(template)
        ? {}
        : { otp_code: code, ttl, valid_until: Math.floor(now.getTime() / 1000) + ttl },
    });
  });
  ctx.afterCommit(() => ctx.services.mail.kick());
  ctx.scratch.passcode_queued = true;
  const s = sticky(ctx.stash);
  s.passcode_id = id;
  s.passcode_email = email;
}

export function requireStashedPasscode(ctx: FlowRuntime): string {
  const id = sticky(ctx.stash).passcode_id;
  if (typeof id !== 'string') throw new FlowError('technical_error', {}, 'no passcode stashed');
  return id;
}

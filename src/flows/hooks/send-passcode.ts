import type { HookImplementation } from '../engine/types.ts';
import { passcodeRateAllowed, passcodeService, queuePasscode } from '../passcode-sender.ts';
import { sticky, str } from '../stash.ts';

/** Before `passcode_confirmation`: send a passcode unless a usable one was already sent there (§4.7). */
export const sendPasscode: HookImplementation = async (ctx) => {
  if (ctx.error || ctx.scratch.passcode_queued) return;
  const email = str(ctx.stash, 'email');
  if (!email || !str(ctx.stash, 'passcode_template')) throw new Error('send_passcode: nothing to send');
  if (!(await passcodeRateAllowed(ctx, email))) {
    ctx.softError('rate_limit_exceeded');
    return;
  }
  const s = sticky(ctx.stash);
  if (typeof s.passcode_id === 'string' && s.passcode_email === email) {
    const svc = await passcodeService(ctx.services);
    if (await svc.isUsable(ctx.services.db.knex, s.passcode_id, ctx.services.now())) return;
  }
  queuePasscode(ctx);
};

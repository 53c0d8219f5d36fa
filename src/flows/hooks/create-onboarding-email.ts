import { randomUUID } from 'node:crypto';
import { normalizeAddress } from '../../persistence/repositories/emails.ts';
import type { HookImplementation } from '../engine/types.ts';
import { bool, str } from '../stash.ts';

/** Login: create the address collected in `onboarding_email` once it may be used (§4.14). */
export const createOnboardingEmail: HookImplementation = async (ctx) => {
  const email = str(ctx.stash, 'email');
  const userId = str(ctx.stash, 'user_id');
  if (!email || !userId || !bool(ctx.stash, 'login_onboarding_create_email')) return;
  const c = ctx.services.config;
  if (c.email.require_verification && !bool(ctx.stash, 'email_verified')) return;
  ctx.stash.login_onboarding_create_email = false;
  const now = ctx.services.now();
  const verified = bool(ctx.stash, 'email_verified');
  ctx.write(async (trx) => {
    const address = normalizeAddress(email);
    const id = randomUUID();
    await trx('emails').insert({ id, user_id: userId, address, verified, created_at: now, updated_at: now });
    const existing = await trx('primary_emails').where({ user_id: userId }).first();
    if (existing)
      await trx('primary_emails').where({ id: existing.id }).update({ email_id: id, updated_at: now });
    else
      await trx('primary_emails').insert({
        id: randomUUID(),
        user_id: userId,
        email_id: id,
        created_at: now,
        updated_at: now,
      });
    await ctx.services.audit.write(trx, ctx.meta, {
      type: 'email_created',
      user: { id: userId, email: address },
    });
  });
};

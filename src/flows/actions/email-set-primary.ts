import { FlowError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { backToProfile, primaryAddress, sessionUser } from '../profile-user.ts';
import { sendSecurityNotification } from '../security-notification.ts';

/** profile_init: make another address primary (§4.18). */
export const emailSetPrimary: ActionImplementation = {
  description: 'Make an email address the primary one.',
  offered: (ctx) => {
    const u = ctx.scratch.session_user as { emails: Array<{ is_primary: boolean }> } | undefined;
    if (!ctx.services.config.email.enabled || !u || u.emails.length === 0) return false;
    return !(u.emails.length === 1 && u.emails[0]?.is_primary);
  },
  inputs: () => [{ name: 'email_id', type: 'string', required: true, hidden: true }],
  async execute(ctx) {
    const u = await sessionUser(ctx);
    const email = u.emails.find((e) => e.id === ctx.input.email_id);
    if (!email) throw new FlowError('not_found');
    if (email.is_primary) return backToProfile;
    const old = primaryAddress(u);
    const now = ctx.services.now();
    ctx.write(async (trx) => {
      const row = await trx('primary_emails').where({ user_id: u.user.id }).first('id');
      if (row)
        await trx('primary_emails').where({ id: row.id }).update({ email_id: email.id, updated_at: now });
      else
        await trx('primary_emails').insert({
          id: crypto.randomUUID(),
          user_id: u.user.id,
          email_id: email.id,
          created_at: now,
          updated_at: now,
        });
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'primary_email_changed',
        user: { id: u.user.id, email: email.address },
        details: { email: email.address },
      });
      await sendSecurityNotification(trx, ctx, {
        userId: u.user.id,
        to: old,
        template: 'primary_email_update',
        data: { new_email_address: email.address, ...(old ? { old_email_address: old } : {}) },
      });
    });
    return backToProfile;
  },
};

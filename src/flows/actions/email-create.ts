import { randomUUID } from 'node:crypto';
import { findEmailByAddress } from '../../persistence/repositories/emails.ts';
import { inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { backToProfile, primaryAddress, sessionUser } from '../profile-user.ts';
import { sendSecurityNotification } from '../security-notification.ts';

/** profile_init: add an email address (§4.18). */
export const emailCreate: ActionImplementation = {
  description: 'Add an email address.',
  offered: (ctx) => {
    const u = ctx.scratch.session_user as { emails: unknown[] } | undefined;
    return ctx.services.config.email.enabled && (u?.emails.length ?? 0) < ctx.services.config.email.limit;
  },
  inputs: (ctx) => [
    {
      name: 'email',
      type: 'email',
      required: true,
      max_length: ctx.services.config.email.max_length,
      trim: true,
      lower: true,
    },
  ],
  async execute(ctx) {
    const c = ctx.services.config;
    const u = await sessionUser(ctx);
    const address = String(ctx.input.email);
    const existing = await findEmailByAddress(ctx.services.db.knex, address);
    if (existing) {
      if (
        existing.user_id === u.user.id ||
        !c.email.require_verification ||
        c.privacy.show_account_existence_hints
      ) {
        throw inputError('email', 'email_already_exists');
      }
      // Another user's address: the same screens as for a new one, but no code (no account enumeration).
      ctx.stash.email = address;
      ctx.stash.user_id = u.user.id;
      ctx.stash.passcode_template = 'email_registration_attempted';
      return { continue: ['passcode_confirmation'] };
    }
    if (c.email.require_verification) {
      ctx.stash.email = address;
      ctx.stash.user_id = u.user.id;
      ctx.stash.passcode_template = 'email_verification';
      return { continue: ['passcode_confirmation', 'profile_init'] };
    }
    const now = ctx.services.now();
    const primary = primaryAddress(u);
    ctx.write(async (trx) => {
      const id = randomUUID();
      await trx('emails').insert({
        id,
        user_id: u.user.id,
        address,
        verified: false,
        created_at: now,
        updated_at: now,
      });
      if (!primary) {
        await trx('primary_emails').insert({
          id: randomUUID(),
          user_id: u.user.id,
          email_id: id,
          created_at: now,
          updated_at: now,
        });
      }
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'email_created',
        user: { id: u.user.id, email: primary ?? address },
      });
      await sendSecurityNotification(trx, ctx, {
        userId: u.user.id,
        to: primary,
        template: 'email_create',
        data: { new_email_address: address },
      });
    });
    return backToProfile;
  },
};

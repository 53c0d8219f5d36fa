import { randomUUID } from 'node:crypto';
import { normalizeAddress } from '../../persistence/repositories/emails.ts';
import type { HookImplementation } from '../engine/types.ts';
import { sendSecurityNotification } from '../security-notification.ts';
import { bool, str } from '../stash.ts';

/**
 * After `passcode_confirmation` (login): a verified address that does not exist yet is created for the user
 * (primary when it is their only one) and the `email_create` notification goes to their primary address; an
 * existing unverified one is marked verified (§4.7).
 */
export const persistEmailVerified: HookImplementation = async (ctx) => {
  const email = str(ctx.stash, 'email');
  const userId = str(ctx.stash, 'user_id');
  if (!email || !userId || !bool(ctx.stash, 'email_verified')) return;
  const now = ctx.services.now();
  const meta = ctx.meta;
  ctx.write(async (trx) => {
    const address = normalizeAddress(email);
    const row = await trx('emails').where({ address }).first();
    if (row) {
      if (row.user_id === userId && !row.verified) {
        await trx('emails').where({ id: row.id }).update({ verified: true, updated_at: now });
        await ctx.services.audit.write(trx, meta, {
          type: 'email_verified',
          user: { id: userId, email: address },
        });
      }
      return;
    }
    // The address that learns of the new one (profile: the user's primary; none when this becomes primary).
    const primary = await trx('primary_emails')
      .join('emails', 'emails.id', 'primary_emails.email_id')
      .where('primary_emails.user_id', userId)
      .first('emails.address');
    const id = randomUUID();
    await trx('emails').insert({
      id,
      user_id: userId,
      address,
      verified: true,
      created_at: now,
      updated_at: now,
    });
    const others = await trx('emails').where({ user_id: userId }).whereNot({ id }).count({ n: '*' }).first();
    if (Number(others?.n ?? 0) === 0) {
      await trx('primary_emails').insert({
        id: randomUUID(),
        user_id: userId,
        email_id: id,
        created_at: now,
        updated_at: now,
      });
      await ctx.services.audit.write(trx, meta, {
        type: 'primary_email_changed',
        user: { id: userId, email: address },
      });
    }
    await ctx.services.audit.write(trx, meta, {
      type: 'email_created',
      user: { id: userId, email: address },
    });
    await sendSecurityNotification(trx, ctx, {
      userId,
      to: primary?.address,
      template: 'email_create',
      data: { new_email_address: address },
    });
  });
};

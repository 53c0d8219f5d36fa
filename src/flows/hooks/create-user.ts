import { randomUUID } from 'node:crypto';
import { normalizeAddress } from '../../persistence/repositories/emails.ts';
import { insertPassword } from '../../persistence/repositories/password-credentials.ts';
import type { HookImplementation } from '../engine/types.ts';
import { NEW_PASSWORD_HASH } from '../passwords.ts';
import { bool, str } from '../stash.ts';
import { enrolledOtp, storeOtpSecret } from '../totp-enrolment.ts';
import { queueCredentialStorage } from '../webauthn-store.ts';

/** Before `success` (registration): the account is created only now, in the flow's transaction (§4.19). */
export const createUser: HookImplementation = async (ctx) => {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new Error('create_user: no user id stashed');
  const email = str(ctx.stash, 'email');
  const username = str(ctx.stash, 'username');
  const verified = bool(ctx.stash, 'email_verified');
  const passwordHash = str(ctx.stash, NEW_PASSWORD_HASH);
  delete ctx.stash[NEW_PASSWORD_HASH];
  const now = ctx.services.now();
  const emailId = randomUUID();
  const usernameId = randomUUID();
  // user_payload (the next hook) shows the rows this transaction will write.
  ctx.stash.new_email_id = email ? emailId : undefined;
  ctx.stash.new_username_id = username ? usernameId : undefined;
  ctx.write(async (trx) => {
    await trx('users').insert({ id: userId, created_at: now, updated_at: now });
    if (email) {
      const address = normalizeAddress(email);
      await trx('emails').insert({
        id: emailId,
        user_id: userId,
        address,
        verified,
        created_at: now,
        updated_at: now,
      });
      await trx('primary_emails').insert({
        id: randomUUID(),
        user_id: userId,
        email_id: emailId,
        created_at: now,
        updated_at: now,
      });
    }
    if (username) {
      await trx('usernames').insert({
        id: usernameId,
        user_id: userId,
        username,
        created_at: now,
        updated_at: now,
      });
    }
    if (passwordHash) await insertPassword(trx, userId, passwordHash, now);
    await ctx.services.audit.write(trx, ctx.meta, {
      type: 'user_created',
      user: { id: userId, email: email ? normalizeAddress(email) : null },
      details: { flow_id: ctx.flowId },
    });
    const otp = enrolledOtp(ctx);
    if (otp) await storeOtpSecret(trx, ctx, { userId, otp, notify: false });
  });
  // The passkeys / security keys verified during the registration, stored after the user's row.
  queueCredentialStorage(ctx, userId, { notify: false });
};

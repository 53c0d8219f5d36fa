import type { UserProfileRecord } from '../../persistence/repositories/user-profile.ts';
import { FlowError } from '../engine/errors.ts';
import type { InputDefinition } from '../engine/inputs.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { backToProfile, primaryAddress, sessionUser } from '../profile-user.ts';
import { sendSecurityNotification } from '../security-notification.ts';

/** Which of the user's addresses may be deleted without locking them out (§4.18). */
export function deletableEmails(ctx: FlowRuntime, u: UserProfileRecord) {
  const c = ctx.services.config;
  const passkeyLogin = c.passkey.enabled && u.credentials.some((cr) => !cr.mfa_only);
  const passwordLogin = c.password.enabled && ctx.stash.user_has_password === true;
  const passcodeLogin = c.email.enabled && c.email.use_for_authentication;
  const usernamePasswordLogin =
    passwordLogin && c.username.enabled && c.username.use_as_login_identifier && u.username !== null;
  return u.emails.filter((e) => {
    if (e.is_primary) {
      return u.emails.length === 1 && c.email.optional && (passkeyLogin || usernamePasswordLogin);
    }
    return passkeyLogin || passwordLogin || passcodeLogin || u.identities.length > 0;
  });
}

/** profile_init: delete an address (§4.18). */
export const emailDelete: ActionImplementation = {
  description: 'Delete an email address.',
  offered: (ctx) => !!ctx.scratch.session_user,
  inputs(ctx): InputDefinition[] {
    const u = ctx.scratch.session_user as UserProfileRecord | undefined;
    const allowed = u ? deletableEmails(ctx, u).map((e) => ({ value: e.id, name: e.address })) : [];
    return [
      {
        name: 'email_id',
        type: 'string',
        required: true,
        hidden: true,
        ...(allowed.length ? { allowed_values: allowed } : {}),
      },
    ];
  },
  async execute(ctx) {
    const u = await sessionUser(ctx);
    const email = u.emails.find((e) => e.id === ctx.input.email_id);
    if (!email) throw new FlowError('form_data_invalid_error');
    if (!deletableEmails(ctx, u).some((e) => e.id === email.id))
      throw new FlowError('operation_not_permitted_error');
    const primary = primaryAddress(u);
    ctx.write(async (trx) => {
      await trx('primary_emails').where({ email_id: email.id }).delete();
      await trx('emails').where({ id: email.id, user_id: u.user.id }).delete();
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'email_deleted',
        user: { id: u.user.id, email: primary },
        details: { email: email.address },
      });
      const to = email.is_primary ? null : primary;
      await sendSecurityNotification(trx, ctx, {
        userId: u.user.id,
        to,
        template: 'email_delete',
        data: { deleted_email_address: email.address },
      });
    });
    return backToProfile;
  },
};

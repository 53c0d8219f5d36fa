import { findEmailByAddress } from '../../persistence/repositories/emails.ts';
import { findUsername, findUserSummary } from '../../persistence/repositories/users.ts';
import { inputError } from '../engine/errors.ts';
import { EMAIL_PATTERN, type InputDefinition } from '../engine/inputs.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { passcodeLoginOn, routeLogin } from '../login-methods.ts';
import { stashUserFlags } from '../user-flags.ts';

const emailId = (ctx: FlowRuntime) =>
  ctx.services.config.email.enabled && ctx.services.config.email.use_as_login_identifier;
const usernameId = (ctx: FlowRuntime) =>
  ctx.services.config.username.enabled && ctx.services.config.username.use_as_login_identifier;

/** login_init: identify the user by email or username and pick the login method (§4.2). */
export const continueWithLoginIdentifier: ActionImplementation = {
  description: 'Enter an identifier to log in.',
  offered: (ctx) =>
    (emailId(ctx) || usernameId(ctx)) && (ctx.services.config.password.enabled || passcodeLoginOn(ctx)),
  inputs(ctx): InputDefinition[] {
    const c = ctx.services.config;
    const common = { required: true, trim: true, lower: true } as const;
    if (emailId(ctx) && usernameId(ctx))
      return [{ name: 'identifier', type: 'string', max_length: 255, ...common }];
    if (emailId(ctx))
      return [{ name: 'email', type: 'email', min_length: 3, max_length: c.email.max_length, ...common }];
    return [
      {
        name: 'username',
        type: 'string',
        min_length: c.username.min_length,
        max_length: c.username.max_length,
        ...common,
      },
    ];
  },
  async execute(ctx) {
    const c = ctx.services.config;
    const db = ctx.services.db.knex;
    const field = emailId(ctx) && usernameId(ctx) ? 'identifier' : emailId(ctx) ? 'email' : 'username';
    const value = String(ctx.input[field] ?? '');
    if (!value) throw inputError(field, 'value_missing_error');
    ctx.stash.user_identification = value;
    const isEmail = field === 'email' || (field === 'identifier' && EMAIL_PATTERN.test(value));
    let userId: string | undefined;
    if (isEmail) {
      const email = await findEmailByAddress(db, value);
      userId = email?.user_id ?? undefined;
      if (!userId && c.privacy.show_account_existence_hints) throw inputError(field, 'unknown_email_error');
      ctx.stash.email = value;
    } else {
      const found = await findUsername(db, value);
      if (!found) throw inputError(field, 'unknown_username_error');
      userId = found.user_id;
      ctx.stash.username = found.username;
      const user = await findUserSummary(db, userId);
      if (user?.email) ctx.stash.email = user.email.address;
    }
    if (userId) await stashUserFlags(db, ctx.stash, userId);
    return routeLogin(ctx, { isEmail, userFound: !!userId });
  },
};

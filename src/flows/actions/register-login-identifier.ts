import { randomUUID } from 'node:crypto';
import { findEmailByAddress } from '../../persistence/repositories/emails.ts';
import { findUsername } from '../../persistence/repositories/users.ts';
import { FlowError, inputError, inputErrorBody } from '../engine/errors.ts';
import type { InputDefinition } from '../engine/inputs.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { registrationSequence } from '../scheduling.ts';

const USERNAME = /^\w+$/;
const emailInput = (ctx: FlowRuntime) =>
  ctx.services.config.email.enabled && ctx.services.config.email.acquire_on_registration;
const usernameInput = (ctx: FlowRuntime) =>
  ctx.services.config.username.enabled && ctx.services.config.username.acquire_on_registration;

/** registration_init: collect the identifiers of a new account (§4.9). */
export const registerLoginIdentifier: ActionImplementation = {
  description: 'Enter the identifiers of the new account.',
  offered: (ctx) => ctx.services.config.account.allow_signup && (emailInput(ctx) || usernameInput(ctx)),
  inputs(ctx) {
    const c = ctx.services.config;
    const out: InputDefinition[] = [];
    if (emailInput(ctx)) {
      out.push({
        name: 'email',
        type: 'email',
        max_length: c.email.max_length,
        required: !c.email.optional,
        trim: true,
        lower: true,
      });
    }
    if (usernameInput(ctx)) {
      out.push({
        name: 'username',
        type: 'string',
        min_length: c.username.min_length,
        max_length: c.username.max_length,
        required: !c.username.optional,
        trim: true,
        lower: true,
      });
    }
    return out;
  },
  async execute(ctx) {
    const c = ctx.services.config;
    const db = ctx.services.db.knex;
    const email = emailInput(ctx) ? String(ctx.input.email ?? '') : '';
    const username = usernameInput(ctx) ? String(ctx.input.username ?? '') : '';
    if (!email && !username) {
      const cause = 'either email or username must be provided';
      throw new FlowError('form_data_invalid_error', {
        ...(emailInput(ctx) ? { email: inputErrorBody('value_invalid_error', undefined, cause) } : {}),
        ...(usernameInput(ctx) ? { username: inputErrorBody('value_invalid_error', undefined, cause) } : {}),
      });
    }
    if (username) {
      if (!USERNAME.test(username)) throw inputError('username', 'invalid_username_error');
      if (await findUsername(db, username)) throw inputError('username', 'username_already_exists');
      ctx.stash.username = username;
    }
    ctx.stash.user_id = randomUUID();
    if (email) {
      if (await findEmailByAddress(db, email)) {
        if (!c.email.require_verification || c.privacy.show_account_existence_hints) {
          throw inputError('email', 'email_already_exists');
        }
        // Dead end that looks like the normal path: a mail saying the address is registered, no code.
        ctx.stash.email = email;
        ctx.stash.passcode_template = 'email_registration_attempted';
        delete ctx.stash.user_id;
        return { continue: ['passcode_confirmation'] };
      }
      ctx.stash.email = email;
      if (c.email.require_verification) ctx.stash.passcode_template = 'email_verification';
    }
    return { continue: registrationSequence(ctx, !!email) };
  },
};

import { randomUUID } from 'node:crypto';
import { findUsername } from '../../persistence/repositories/users.ts';
import { inputError } from '../engine/errors.ts';
import type { InputDefinition } from '../engine/inputs.ts';
import type { ActionContext, ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { str } from '../stash.ts';

const USERNAME = /^\w+$/;

export const usernameInput = (ctx: FlowRuntime, required: boolean): InputDefinition => ({
  name: 'username',
  type: 'string',
  required,
  min_length: ctx.services.config.username.min_length,
  max_length: ctx.services.config.username.max_length,
  trim: true,
  lower: true,
  ...(ctx.flowName === 'profile' ? { preserve: true } : {}),
});

/** The checks of a new username (§4.14, §4.18): word characters only, not taken by anyone. */
export async function checkNewUsername(ctx: ActionContext, username: string): Promise<void> {
  if (!USERNAME.test(username)) throw inputError('username', 'invalid_username_error');
  if (await findUsername(ctx.services.db.knex, username))
    throw inputError('username', 'username_already_exists');
}

const hasUsername = (ctx: FlowRuntime) =>
  (ctx.scratch.session_user as { username: unknown } | undefined)?.username;

/** onboarding_username (login) and profile_init: set the user's username. */
export const usernameCreate: ActionImplementation = {
  description: 'Choose a username.',
  offered: (ctx) => ctx.flowName !== 'profile' || (ctx.services.config.username.enabled && !hasUsername(ctx)),
  inputs: (ctx) => [usernameInput(ctx, ctx.flowName === 'profile' || !ctx.services.config.username.optional)],
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new Error('username_create: no user');
    const username = String(ctx.input.username ?? '');
    const next = ctx.flowName === 'profile' ? ['profile_init'] : [];
    if (!username) return { continue: next };
    await checkNewUsername(ctx, username);
    const now = ctx.services.now();
    ctx.write(async (trx) => {
      await trx('usernames').insert({
        id: randomUUID(),
        user_id: userId,
        username,
        created_at: now,
        updated_at: now,
      });
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'username_changed',
        user: { id: userId },
        details: { username },
      });
    });
    ctx.stash.username = username;
    ctx.stash.user_has_username = true;
    if (ctx.flowName !== 'profile') ctx.preventRevert();
    return { continue: next };
  },
};

/** profile_init: rename. */
export const usernameUpdate: ActionImplementation = {
  description: 'Change the username.',
  offered: (ctx) => ctx.services.config.username.enabled && !!hasUsername(ctx),
  inputs: (ctx) => [usernameInput(ctx, true)],
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new Error('username_update: no user');
    const username = String(ctx.input.username);
    await checkNewUsername(ctx, username);
    const now = ctx.services.now();
    ctx.write(async (trx) => {
      await trx('usernames').where({ user_id: userId }).update({ username, updated_at: now });
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'username_changed',
        user: { id: userId },
        details: { username },
      });
    });
    return { continue: ['profile_init'] };
  },
};

/** profile_init: remove the username, when the user can still log in without it. */
export const usernameDelete: ActionImplementation = {
  description: 'Delete the username.',
  offered: (ctx) => {
    const u = ctx.scratch.session_user as
      | { username: unknown; emails: unknown[]; credentials: Array<{ mfa_only: boolean }> }
      | undefined;
    const c = ctx.services.config;
    if (!u || !c.username.enabled || !c.username.optional || !u.username) return false;
    return u.emails.length > 0 || (c.passkey.enabled && u.credentials.some((cr) => !cr.mfa_only));
  },
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new Error('username_delete: no user');
    const username = str(ctx.stash, 'username');
    ctx.write(async (trx) => {
      await trx('usernames').where({ user_id: userId }).delete();
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'username_deleted',
        user: { id: userId },
        ...(username ? { details: { username } } : {}),
      });
    });
    return { continue: ['profile_init'] };
  },
};

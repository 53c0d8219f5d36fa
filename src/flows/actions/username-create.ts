import { randomUUID } from 'node:crypto';
import { findUsername } from '../../persistence/repositories/users.ts';
import { inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';

const USERNAME = /^\w+$/;

/** onboarding_username: set the user's username (§4.14). */
export const usernameCreate: ActionImplementation = {
  description: 'Choose a username.',
  inputs: (ctx) => [
    {
      name: 'username',
      type: 'string',
      required: !ctx.services.config.username.optional,
      min_length: ctx.services.config.username.min_length,
      max_length: ctx.services.config.username.max_length,
      trim: true,
      lower: true,
    },
  ],
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    if (!userId) throw new Error('username_create: no user');
    const username = String(ctx.input.username ?? '');
    if (!username) return { continue: [] };
    if (!USERNAME.test(username)) throw inputError('username', 'invalid_username_error');
    if (await findUsername(ctx.services.db.knex, username))
      throw inputError('username', 'username_already_exists');
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
    ctx.preventRevert();
    return { continue: [] };
  },
};

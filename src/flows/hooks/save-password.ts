import type { HookImplementation } from '../engine/types.ts';
import { NEW_PASSWORD_HASH, queuePasswordWrite } from '../passwords.ts';
import { str } from '../stash.ts';

/** Login, after `password_creation`: create or replace the user's password with the stashed hash (§3, §4.13). */
export const savePassword: HookImplementation = async (ctx) => {
  const hash = str(ctx.stash, NEW_PASSWORD_HASH);
  const userId = str(ctx.stash, 'user_id');
  if (!hash || !userId) return;
  delete ctx.stash[NEW_PASSWORD_HASH];
  queuePasswordWrite(ctx, userId, hash);
};

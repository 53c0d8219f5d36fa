import { findEmailByAddress } from '../../persistence/repositories/emails.ts';
import { findUsername } from '../../persistence/repositories/users.ts';
import { FlowError, inputError } from '../engine/errors.ts';
import type { ActionContext, ActionImplementation } from '../engine/types.ts';
import { replaceOutdatedHash, verifyPassword } from '../passwords.ts';
import { scheduleMfa } from '../scheduling.ts';
import { str } from '../stash.ts';
import { stashUserFlags } from '../user-flags.ts';

/** The account the identifier of `login_init` names: owner of the stashed email, else of the username. */
async function identifiedUser(ctx: ActionContext): Promise<string | undefined> {
  const db = ctx.services.db.knex;
  const email = str(ctx.stash, 'email');
  if (email) return (await findEmailByAddress(db, email))?.user_id ?? undefined;
  const username = str(ctx.stash, 'username');
  if (username) return (await findUsername(db, username))?.user_id;
  return undefined;
}

/** login_password: check the password (§4.4). Every kind of wrong credentials gets the same answer. */
export const passwordLogin: ActionImplementation = {
  description: 'Log in with the password.',
  offered: (ctx) => ctx.services.config.password.enabled,
  inputs: () => [{ name: 'password', type: 'password', required: true }],
  async execute(ctx) {
    const password = String(ctx.input.password ?? '');
    const key = `password/${ctx.meta.ip}/${str(ctx.stash, 'user_identification') ?? ''}`;
    const limit = await ctx.services.rateLimiters.password.consume(key);
    if (!limit.allowed) {
      ctx.payload.retry_after = limit.retryAfterSeconds;
      throw new FlowError('rate_limit_exceeded');
    }
    const userId = await identifiedUser(ctx);
    const result = await verifyPassword(ctx, userId, password);
    if (!result.ok) {
      ctx.write(async (trx) => {
        await ctx.services.audit.write(trx, ctx.meta, {
          type: 'login_failure',
          user: userId ? { id: userId, email: str(ctx.stash, 'email') ?? null } : null,
          error: 'wrong credentials',
          details: { flow_id: ctx.flowId, login_method: 'password' },
        });
      });
      throw inputError('password', 'value_invalid_error');
    }
    const id = userId as string;
    if (ctx.services.passwords.needsRehash(result.stored)) {
      // An imported (bcrypt) or outdated hash: replace it now that the clear password is known.
      const fresh = await ctx.services.passwords.hash(password);
      const now = ctx.services.now();
      ctx.write((trx) => replaceOutdatedHash(trx, id, result.stored, fresh, now));
    }
    await stashUserFlags(ctx.services.db.knex, ctx.stash, id);
    ctx.stash.login_method = 'password';
    ctx.preventRevert();
    scheduleMfa(ctx);
    return { continue: [] };
  },
};

import { deleteUser } from '../../persistence/repositories/users.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { primaryAddress, sessionUser } from '../profile-user.ts';

/** profile_init: delete the account and everything that is the user's (§4.18). */
export const accountDelete: ActionImplementation = {
  description: 'Delete the account.',
  offered: (ctx) => ctx.services.config.account.allow_deletion,
  async execute(ctx) {
    const u = await sessionUser(ctx);
    const email = primaryAddress(u);
    ctx.write(async (trx) => {
      await deleteUser(trx, u.user.id);
      await ctx.services.audit.write(trx, ctx.meta, { type: 'user_deleted', user: { id: u.user.id, email } });
    });
    ctx.http.clearSession = true;
    return { continue: ['account_deleted'] };
  },
};

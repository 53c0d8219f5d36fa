import type { ActionImplementation } from '../engine/types.ts';
import { hasPassword, loadedUser, loginMethods } from '../profile-credentials.ts';
import { primaryAddress } from '../profile-user.ts';
import { str } from '../stash.ts';

/** profile_init: remove the password when it is optional and another way to log in remains (§4.18). */
export const passwordDelete: ActionImplementation = {
  description: 'Delete the password.',
  offered(ctx) {
    const c = ctx.services.config;
    const u = loadedUser(ctx);
    if (!u || !c.password.enabled || !c.password.optional || !hasPassword(ctx)) return false;
    const m = loginMethods(ctx, u, false);
    return m.passkey || m.passcode || m.identity;
  },
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    const u = loadedUser(ctx);
    if (!userId || !u) throw new Error('password_delete: no user');
    ctx.write(async (trx) => {
      await trx('password_credentials').where({ user_id: userId }).delete();
      await ctx.services.audit.write(trx, ctx.meta, {
        type: 'password_deleted',
        user: { id: userId, email: primaryAddress(u) },
        details: { flow_id: ctx.flowId },
      });
    });
    return { continue: ['profile_init'] };
  },
};

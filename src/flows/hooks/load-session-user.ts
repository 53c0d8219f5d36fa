import { listActiveSessions } from '../../persistence/repositories/sessions.ts';
import { FlowError } from '../engine/errors.ts';
import type { HookImplementation } from '../engine/types.ts';
import { primaryAddress, sessionUser } from '../profile-user.ts';
import { stashUserFlags } from '../user-flags.ts';

/**
 * Profile flow, before every action: load the session user. A flow belongs to the user who started it; another
 * user's session cannot continue it.
 */
export const loadSessionUser: HookImplementation = async (ctx) => {
  const u = await sessionUser(ctx);
  const owner = ctx.stash.profile_owner;
  if (owner === undefined) ctx.stash.profile_owner = u.user.id;
  else if (owner !== u.user.id) throw new FlowError('operation_not_permitted_error');
  await stashUserFlags(ctx.services.db.knex, ctx.stash, u.user.id);
  ctx.scratch.has_password = ctx.stash.user_has_password === true;
  // `email` is the address an action works on (e.g. one being verified); the primary is kept apart.
  ctx.stash.primary_email = primaryAddress(u);
  if (u.username) ctx.stash.username = u.username.username;
  else delete ctx.stash.username;
  const sessions = await listActiveSessions(ctx.services.db.knex, u.user.id, ctx.services.now());
  ctx.scratch.other_sessions = sessions.filter((s) => s.id !== ctx.session?.sessionId).map((s) => s.id);
};

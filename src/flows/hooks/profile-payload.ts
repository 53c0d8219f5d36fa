import { listActiveSessions } from '../../persistence/repositories/sessions.ts';
import { loadUserProfile } from '../../persistence/repositories/user-profile.ts';
import { profileResponse } from '../../users/profile.ts';
import { describeUserAgent } from '../../util/user-agent.ts';
import type { HookImplementation } from '../engine/types.ts';
import { loadCredentialFacts } from '../profile-credentials.ts';

/** Before `profile_init`: the user (ProfileData, §7.1) and, if configured, their sessions (§7.2). */
export const profilePayload: HookImplementation = async (ctx) => {
  const userId = ctx.session?.userId;
  if (!userId) throw new Error('profile_payload: no session');
  // A view hook: it runs after the commit, so this is the user as changed by the request.
  const record = await loadUserProfile(ctx.services.db.knex, userId);
  if (!record) throw new Error('profile_payload: user gone');
  ctx.scratch.session_user = record;
  await loadCredentialFacts(ctx, userId);
  ctx.payload.user = profileResponse(record, ctx.services.config);
  const sessions = await listActiveSessions(ctx.services.db.knex, userId, ctx.services.now());
  ctx.scratch.other_sessions = sessions.filter((s) => s.id !== ctx.session?.sessionId).map((s) => s.id);
  if (ctx.services.config.session.show_on_profile) {
    ctx.payload.sessions = sessions.map((s) => ({
      id: s.id,
      ...(s.user_agent ? { user_agent_raw: s.user_agent, user_agent: describeUserAgent(s.user_agent) } : {}),
      ...(s.ip_address ? { ip_address: s.ip_address } : {}),
      current: s.id === ctx.session?.sessionId,
      created_at: s.created_at,
      ...(s.expires_at ? { expires_at: s.expires_at } : {}),
      last_used: s.last_used,
    }));
  }
};

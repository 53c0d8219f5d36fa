import type { InputDefinition } from '../engine/inputs.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { str } from '../stash.ts';

/** Ids of the user's other active sessions, loaded with the session user (profile hooks). */
const otherSessions = (ctx: FlowRuntime): string[] =>
  (ctx.scratch.other_sessions as string[] | undefined) ?? [];

/** profile_init: revoke one of the user's other sessions (§4.18). */
export const sessionDelete: ActionImplementation = {
  description: 'Sign out another session.',
  offered: (ctx) => ctx.services.config.session.allow_revocation && otherSessions(ctx).length > 0,
  inputs(ctx): InputDefinition[] {
    const ids = otherSessions(ctx);
    return [
      {
        name: 'session_id',
        type: 'string',
        required: true,
        hidden: true,
        ...(ids.length ? { allowed_values: ids.map((id) => ({ value: id, name: id })) } : {}),
      },
    ];
  },
  async execute(ctx) {
    const userId = str(ctx.stash, 'user_id');
    const sessionId = String(ctx.input.session_id);
    if (userId && sessionId !== ctx.session?.sessionId) {
      ctx.write(async (trx) => {
        await trx('sessions').where({ id: sessionId, user_id: userId }).delete();
      });
    }
    return { continue: ['profile_init'] };
  },
};

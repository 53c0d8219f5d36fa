/**
 * Starting WebAuthn logins (flow-api.md §4.2, §4.3, §4.16, §6.3): discoverable passkey logins, passkey logins
 * bound to a known user (privacy mode), and security-key MFA. Each creates a ceremony, sets
 * `payload.request_options` and continues to `login_passkey`.
 */
import { listCredentialsOfUsers } from '../persistence/repositories/webauthn-credentials.ts';
import { newAssertionCeremony } from '../webauthn/ceremonies.ts';
import { FlowError } from './engine/errors.ts';
import type { ActionContext, ActionResult, FlowRuntime } from './engine/types.ts';
import { str } from './stash.ts';
import { descriptors, stashCeremony } from './webauthn-ceremony.ts';

export type LoginCeremonyKind = 'discoverable' | 'user_passkeys' | 'security_key';

/** Creates the ceremony, stashes its id and puts its options in `payload.request_options`. */
export async function beginWebauthnLogin(ctx: FlowRuntime, kind: LoginCeremonyKind): Promise<void> {
  const config = ctx.services.config;
  const now = ctx.services.now();
  if (kind === 'discoverable') {
    const { ceremony, options } = newAssertionCeremony(config, now, { allow: [], profile: 'passkey' });
    stashCeremony(ctx, ceremony);
    ctx.payload.request_options = options;
    return;
  }
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new FlowError('technical_error', {}, 'no user for a user-bound WebAuthn login');
  const all = await listCredentialsOfUsers(ctx.services.db.knex, [userId]);
  const allowed = kind === 'security_key' ? all : all.filter((c) => !c.mfa_only);
  const { ceremony, options } = newAssertionCeremony(config, now, {
    userId,
    allow: descriptors(allowed),
    profile: kind === 'security_key' ? 'security_key' : 'passkey',
  });
  stashCeremony(ctx, ceremony);
  ctx.payload.request_options = options;
}

/**
 * §4.2 step 7 ("only passkeys"): a passkey login bound to the identified user, whose passkeys are the
 * allowed credentials. Called by `continue_with_login_identifier`.
 */
export async function startPasskeyLogin(ctx: ActionContext): Promise<ActionResult> {
  await beginWebauthnLogin(ctx, 'user_passkeys');
  return { continue: ['login_passkey'] };
}

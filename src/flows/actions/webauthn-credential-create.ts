import { listCredentialsOfUsers } from '../../persistence/repositories/webauthn-credentials.ts';
import { newRegistrationCeremony } from '../../webauthn/ceremonies.ts';
import { FlowError } from '../engine/errors.ts';
import type { ActionContext, ActionImplementation, ActionResult } from '../engine/types.ts';
import { loadedUser, securityKeysOf } from '../profile-credentials.ts';
import { primaryAddress } from '../profile-user.ts';
import { bool } from '../stash.ts';
import { descriptors, stashCeremony } from '../webauthn-ceremony.ts';

/** A credential needs a name for the authenticator: the primary email or the username. */
const hasIdentifier = (u: NonNullable<ReturnType<typeof loadedUser>>) => !!primaryAddress(u) || !!u.username;

/** Starts a registration ceremony for the session user; → webauthn_credential_verification (§4.18). */
async function startCeremony(ctx: ActionContext, profile: 'passkey' | 'security_key'): Promise<ActionResult> {
  const u = loadedUser(ctx);
  if (!u) throw new Error('profile webauthn: no user');
  const email = primaryAddress(u) ?? undefined;
  const username = u.username?.username;
  if (!email && !username)
    throw new FlowError('technical_error', {}, 'the user has neither an email nor a username');
  const existing = await listCredentialsOfUsers(ctx.services.db.knex, [u.user.id]);
  const { ceremony, options } = newRegistrationCeremony(ctx.services.config, ctx.services.now(), {
    userId: u.user.id,
    email,
    username,
    profile,
    exclude: descriptors(existing),
  });
  stashCeremony(ctx, ceremony);
  if (email) ctx.stash.email = email;
  if (username) ctx.stash.username = username;
  ctx.stash.create_mfa_only_credential = profile === 'security_key';
  ctx.payload.creation_options = options;
  return { continue: ['webauthn_credential_verification'] };
}

/** profile_init: add a passkey. */
export const webauthnCredentialCreate: ActionImplementation = {
  description: 'Create a passkey.',
  offered(ctx) {
    const u = loadedUser(ctx);
    const c = ctx.services.config;
    return (
      !!u &&
      hasIdentifier(u) &&
      c.passkey.enabled &&
      bool(ctx.stash, 'webauthn_available') &&
      u.credentials.length < c.passkey.limit
    );
  },
  execute: (ctx) => startCeremony(ctx, 'passkey'),
};

/** profile_init: add a security key (second factor). */
export const securityKeyCreate: ActionImplementation = {
  description: 'Create a security key.',
  offered(ctx) {
    const u = loadedUser(ctx);
    const c = ctx.services.config;
    return (
      !!u &&
      hasIdentifier(u) &&
      c.mfa.enabled &&
      c.mfa.security_keys.enabled &&
      bool(ctx.stash, 'webauthn_available') &&
      securityKeysOf(u).length < c.mfa.security_keys.limit
    );
  },
  execute: (ctx) => startCeremony(ctx, 'security_key'),
};

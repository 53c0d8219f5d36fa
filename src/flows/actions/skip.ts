import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { scheduleMfa } from '../scheduling.ts';
import { bool, str } from '../stash.ts';

type Acquire = 'always' | 'conditional' | 'never';

/** `password.acquire_on_*` / `passkey.acquire_on_*` of this flow (login or registration). */
const acquisition = (ctx: FlowRuntime, of: { acquire_on_login: string; acquire_on_registration: string }) =>
  (ctx.flowName === 'registration' ? of.acquire_on_registration : of.acquire_on_login) as Acquire;

/** The stashed address could be used for a passcode login later. */
const canLoginWithEmail = (ctx: FlowRuntime): boolean => {
  const e = ctx.services.config.email;
  return !!str(ctx.stash, 'email') && e.enabled && e.use_for_authentication && e.use_as_login_identifier;
};

const cameFromIdentification = (ctx: FlowRuntime) =>
  ctx.previousState === 'passcode_confirmation' || ctx.previousState === 'registration_init';

/**
 * Whether skipping would leave the account without any way to log in: the rules that suspend `skip` in
 * `password_creation` (§4.13) and `onboarding_create_passkey` (§4.11), which mirror each other.
 */
function credentialSkipOffered(ctx: FlowRuntime, creating: 'password' | 'passkey'): boolean {
  const c = ctx.services.config;
  const self = creating === 'password' ? c.password : c.passkey;
  const other = creating === 'password' ? c.passkey : c.password;
  const otherState = creating === 'password' ? 'onboarding_create_passkey' : 'password_creation';
  const hasOther = bool(
    ctx.stash,
    creating === 'password' ? 'user_has_webauthn_credential' : 'user_has_password',
  );
  if (!self.optional) return false;
  if (ctx.previousState === 'credential_onboarding_chooser') return false;
  if (ctx.previousState === otherState && !hasOther && !canLoginWithEmail(ctx)) return false;
  if (
    cameFromIdentification(ctx) &&
    other.enabled &&
    acquisition(ctx, other) === 'never' &&
    !canLoginWithEmail(ctx)
  )
    return false;
  return true;
}

/**
 * `skip` in every state that offers it: onboarding of a username or email (§4.14), of a password (§4.13) or a
 * passkey (§4.11), the credential chooser (§4.10), MFA setup (§4.15) and device trust (§4.17).
 */
export const skip: ActionImplementation = {
  description: 'Skip this step.',
  offered(ctx) {
    const c = ctx.services.config;
    switch (ctx.state) {
      case 'onboarding_username':
        return c.username.optional;
      case 'onboarding_email':
        return c.email.optional;
      case 'password_creation':
        return credentialSkipOffered(ctx, 'password');
      case 'onboarding_create_passkey':
        return credentialSkipOffered(ctx, 'passkey');
      case 'credential_onboarding_chooser':
        if (ctx.flowName === 'registration' && !(c.email.use_for_authentication && !!str(ctx.stash, 'email')))
          return false;
        return c.password.optional || c.passkey.optional;
      case 'mfa_method_chooser':
        return c.mfa.optional;
      case 'device_trust':
        return true;
      default:
        return true;
    }
  },
  async execute(ctx) {
    const c = ctx.services.config;
    switch (ctx.state) {
      case 'password_creation':
        // Conditional passkey acquisition: not wanting a password means being asked for a passkey instead.
        if (
          acquisition(ctx, c.passkey) === 'conditional' &&
          c.passkey.enabled &&
          !bool(ctx.stash, 'user_has_webauthn_credential') &&
          bool(ctx.stash, 'webauthn_available')
        )
          return { continue: ['onboarding_create_passkey'] };
        scheduleMfa(ctx);
        return { continue: [] };
      case 'onboarding_create_passkey':
        if (
          acquisition(ctx, c.password) === 'conditional' &&
          c.password.enabled &&
          !bool(ctx.stash, 'user_has_password')
        )
          return { continue: ['password_creation'] };
        scheduleMfa(ctx);
        return { continue: [] };
      case 'credential_onboarding_chooser':
        ctx.preventRevert();
        scheduleMfa(ctx);
        return { continue: [] };
      default:
        return { continue: [] };
    }
  },
};

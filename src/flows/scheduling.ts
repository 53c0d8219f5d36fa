import type { Config } from '../config/types.ts';
import type { FlowRuntime } from './engine/types.ts';
import { bool, str } from './stash.ts';

/** Scheduling algorithms of flow-api.md §5. */

type Acquire = 'always' | 'conditional' | 'never';

const pkOn = (ctx: FlowRuntime) =>
  bool(ctx.stash, 'webauthn_available') && ctx.services.config.passkey.enabled;
const pwOn = (ctx: FlowRuntime) => ctx.services.config.password.enabled;

/** The credential-onboarding table shared by §5.1 D and §5.2 step 2. */
function credentialStates(
  c: Config,
  pk: boolean,
  pw: boolean,
  PK: Acquire,
  PW: Acquire,
  hasPk: boolean,
  hasPw: boolean,
  login: boolean,
): string[] {
  const pwFirst = !c.password.optional && c.passkey.optional;
  if (pk && pw) {
    const key = `${PK}/${PW}`;
    switch (key) {
      case 'always/always':
        if (!login || (!hasPk && !hasPw)) {
          return pwFirst
            ? ['password_creation', 'onboarding_create_passkey']
            : ['onboarding_create_passkey', 'password_creation'];
        }
        if (hasPk && !hasPw) return ['password_creation'];
        if (hasPw && !hasPk) return ['onboarding_create_passkey'];
        return [];
      case 'always/conditional':
        return !login || !hasPk ? ['onboarding_create_passkey'] : [];
      case 'conditional/always':
        return !login || !hasPw ? ['password_creation'] : [];
      case 'conditional/conditional':
        return !login || (!hasPk && !hasPw) ? ['credential_onboarding_chooser'] : [];
      case 'conditional/never':
        return !login || (!hasPk && !hasPw) ? ['onboarding_create_passkey'] : [];
      case 'never/conditional':
        return !login || (!hasPk && !hasPw) ? ['password_creation'] : [];
      case 'never/always':
        return !login || !hasPw ? ['password_creation'] : [];
      case 'always/never':
        return !login || !hasPk ? ['onboarding_create_passkey'] : [];
      default:
        return [];
    }
  }
  if (pk && (PK === 'always' || PK === 'conditional') && (!login || !hasPk))
    return ['onboarding_create_passkey'];
  if (pw && (PW === 'always' || PW === 'conditional') && (!login || !hasPw)) return ['password_creation'];
  return [];
}

/** Login onboarding scheduler (§5.1): runs once, when leaving the credential-usage states. */
export async function scheduleLoginOnboarding(ctx: FlowRuntime): Promise<void> {
  if (ctx.stash.onboarding_scheduled === true) return;
  ctx.stash.onboarding_scheduled = true;
  const c = ctx.services.config;
  const s = ctx.stash;
  const loginMethod = str(s, 'login_method');
  const trusted = await ctx.deviceTrusted();
  // A. MFA usage
  if (c.mfa.enabled && loginMethod !== 'passkey' && !trusted) {
    const canOtp = c.mfa.totp.enabled && bool(s, 'user_has_otp_secret');
    if (c.mfa.security_keys.enabled && bool(s, 'user_has_security_key')) {
      const attachment = bool(s, 'security_key_attachment_supported');
      if (!attachment && !canOtp) {
        ctx.softError('platform_authenticator_required');
        ctx.schedule('error');
        return;
      }
      ctx.schedule(attachment ? 'login_security_key' : 'login_otp');
    } else if (canOtp) {
      ctx.schedule('login_otp');
    }
  }
  // B. password recovery
  const recovery = bool(s, 'pw_recovery_pending');
  if (recovery) ctx.schedule('login_password_recovery');
  // C. user details
  if (!bool(s, 'user_has_username') && c.username.enabled && c.username.acquire_on_login)
    ctx.schedule('onboarding_username');
  if (!bool(s, 'user_has_emails') && c.email.enabled && c.email.acquire_on_login)
    ctx.schedule('onboarding_email');
  // D. credential onboarding
  ctx.schedule(
    ...credentialStates(
      c,
      pkOn(ctx),
      pwOn(ctx),
      c.passkey.acquire_on_login as Acquire,
      recovery ? 'never' : (c.password.acquire_on_login as Acquire),
      bool(s, 'user_has_passkey'),
      bool(s, 'user_has_password'),
      true,
    ),
  );
  // E. device trust
  if (
    c.mfa.enabled &&
    c.mfa.device_trust_policy === 'prompt' &&
    loginMethod !== 'passkey' &&
    (bool(s, 'user_has_security_key') || bool(s, 'user_has_otp_secret')) &&
    !trusted
  ) {
    ctx.schedule('device_trust');
  }
  // F.
  ctx.schedule('success');
}

/** Registration: the states after `register_login_identifier` (§5.2), `success` last. */
export function registrationSequence(ctx: FlowRuntime, emailGiven: boolean): string[] {
  const c = ctx.services.config;
  const out: string[] = [];
  if (emailGiven && c.email.enabled && c.email.acquire_on_registration && c.email.require_verification) {
    out.push('passcode_confirmation');
  }
  out.push(
    ...credentialStates(
      c,
      pkOn(ctx),
      pwOn(ctx),
      c.passkey.acquire_on_registration as Acquire,
      c.password.acquire_on_registration as Acquire,
      false,
      false,
      false,
    ),
  );
  if (out.length === 0) {
    const named: string[] = [];
    scheduleMfaInto(ctx, named, out);
    out.push(...named);
  }
  out.push('success');
  return out;
}

/**
 * Schedule-MFA (§5.3): offers MFA setup (`mfa_method_chooser`) when the flow's configuration asks for it.
 * `pending` are the states still to come (to see whether `password_creation` is scheduled).
 */
export function scheduleMfa(ctx: FlowRuntime, pending: string[] = ctx.scheduledStates()): void {
  const named: string[] = [];
  scheduleMfaInto(ctx, named, pending);
  if (named.length) ctx.schedule(...named);
}

function scheduleMfaInto(ctx: FlowRuntime, out: string[], pending: string[]): void {
  const c = ctx.services.config;
  const s = ctx.stash;
  if (
    pending.includes('password_creation') ||
    bool(s, 'pw_recovery_pending') ||
    bool(s, 'mfa_chooser_visited')
  )
    return;
  if (bool(s, 'user_has_security_key') || bool(s, 'user_has_otp_secret')) return;
  const mfaLoginEnabled =
    (c.password.enabled && bool(s, 'user_has_password')) ||
    (c.email.enabled && c.email.use_for_authentication && (!!str(s, 'email') || bool(s, 'user_has_emails')));
  const acquire =
    ctx.flowName === 'login'
      ? c.mfa.acquire_on_login
      : ctx.flowName === 'registration'
        ? c.mfa.acquire_on_registration
        : false;
  if (!mfaLoginEnabled || !c.mfa.enabled || !(c.mfa.security_keys.enabled || c.mfa.totp.enabled) || !acquire)
    return;
  if (!c.mfa.totp.enabled && !bool(s, 'security_key_attachment_supported')) {
    if (!c.mfa.optional) ctx.softError('platform_authenticator_required');
    return;
  }
  out.push('mfa_method_chooser');
}

/** `amr` claim values (§5.4). */
export function authenticationMethods(ctx: FlowRuntime): string[] {
  const s = ctx.stash;
  const out: string[] = [];
  if (ctx.flowName === 'registration') {
    if (bool(s, 'amr_passcode')) out.push('otp');
    if (bool(s, 'amr_password')) out.push('pwd');
    if (bool(s, 'amr_passkey')) out.push('passkey');
    if (bool(s, 'amr_totp')) out.push('totp');
    if (bool(s, 'amr_security_key')) out.push('security_key');
    return out;
  }
  const method = str(s, 'login_method');
  if (method === 'password') out.push('pwd');
  else if (method === 'passkey') out.push('passkey');
  else if (method === 'passcode') out.push('otp');
  else if (method === 'third_party')
    out.push(str(s, 'third_party_provider') ? `ext:${str(s, 'third_party_provider')}` : 'ext');
  const mfa = str(s, 'mfa_method');
  if (mfa === 'totp') out.push('totp');
  else if (mfa === 'security_key') out.push('security_key');
  return out;
}

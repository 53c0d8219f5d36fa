import type { FlowRuntime } from './engine/types.ts';
import { bool, str } from './stash.ts';

/**
 * Scheduling (flow-api.md §5). This build's flows authenticate by email passcode; the credential onboarding
 * (passkey/password), MFA usage/creation and device-trust steps of §5.1–5.3 join with those states.
 */

/** Login onboarding scheduler (§5.1), run once when leaving the credential-usage states. */
export function scheduleLoginOnboarding(ctx: FlowRuntime): void {
  if (ctx.stash.onboarding_scheduled === true) return;
  ctx.stash.onboarding_scheduled = true;
  const c = ctx.services.config;
  if (!bool(ctx.stash, 'user_has_username') && c.username.enabled && c.username.acquire_on_login) {
    ctx.schedule('onboarding_username');
  }
  if (!bool(ctx.stash, 'user_has_emails') && c.email.enabled && c.email.acquire_on_login) {
    ctx.schedule('onboarding_email');
  }
  ctx.schedule('success');
}

/** Registration sequence after `register_login_identifier` (§5.2). */
export function registrationSequence(ctx: FlowRuntime, emailGiven: boolean): string[] {
  const c = ctx.services.config;
  const out: string[] = [];
  if (emailGiven && c.email.enabled && c.email.acquire_on_registration && c.email.require_verification) {
    out.push('passcode_confirmation');
  }
  out.push('success');
  return out;
}

/** True when the stashed login identified an existing user. */
export const knownUser = (ctx: FlowRuntime): boolean => !!str(ctx.stash, 'user_id');

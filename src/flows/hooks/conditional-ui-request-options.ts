import type { HookImplementation } from '../engine/types.ts';
import { beginWebauthnLogin } from '../passkey-login.ts';
import { bool } from '../stash.ts';

/**
 * Before `login_init`: when the browser supports conditional mediation ("passkey autofill"), a discoverable
 * login ceremony with a fresh challenge on every entry; its options go to `payload.request_options`
 * (flow-api.md §4.2) and `webauthn_verify_assertion_response` verifies against it.
 */
export const conditionalUiRequestOptions: HookImplementation = async (ctx) => {
  if (
    !bool(ctx.stash, 'webauthn_available') ||
    !bool(ctx.stash, 'webauthn_conditional_mediation_available') ||
    !ctx.services.config.passkey.enabled
  ) {
    return;
  }
  await beginWebauthnLogin(ctx, 'discoverable');
};

import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { beginWebauthnLogin } from '../passkey-login.ts';
import { bool, str } from '../stash.ts';

const passkeysOn = (ctx: FlowRuntime) =>
  bool(ctx.stash, 'webauthn_available') && ctx.services.config.passkey.enabled;

/**
 * Start a WebAuthn login (flow-api.md §4.2, §4.3, §4.16): a discoverable passkey login in login_init and the
 * method chooser (bound to the user's passkeys there in privacy mode), the security-key second factor in
 * login_security_key. → login_passkey with `payload.request_options`.
 */
export const webauthnGenerateRequestOptions: ActionImplementation = {
  description: 'Get the request options for a passkey or security key login.',
  offered(ctx) {
    if (ctx.state === 'login_security_key') return bool(ctx.stash, 'webauthn_available');
    if (ctx.state === 'login_method_chooser') {
      const privacy = ctx.services.config.privacy.only_show_actual_login_methods;
      const knownWithoutPasskey = !!str(ctx.stash, 'user_id') && !bool(ctx.stash, 'user_has_passkey');
      return passkeysOn(ctx) && !(privacy && knownWithoutPasskey);
    }
    return passkeysOn(ctx);
  },
  async execute(ctx) {
    if (ctx.state === 'login_security_key') {
      await beginWebauthnLogin(ctx, 'security_key');
      ctx.stash.mfa_method = 'security_key';
    } else if (
      ctx.state === 'login_method_chooser' &&
      ctx.services.config.privacy.only_show_actual_login_methods &&
      str(ctx.stash, 'user_id')
    ) {
      await beginWebauthnLogin(ctx, 'user_passkeys');
    } else {
      // The flow's user becomes the ceremony's: nobody (upstream: the nil UUID); the passkey's owner logs in.
      delete ctx.stash.user_id;
      await beginWebauthnLogin(ctx, 'discoverable');
    }
    return { continue: ['login_passkey'] };
  },
};

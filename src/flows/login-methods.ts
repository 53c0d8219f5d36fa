/**
 * How an identified (or unknown) login continues: the method routing of flow-api.md §4.2 steps 6–9, shared by
 * `continue_with_login_identifier` and the `login_method_chooser` actions.
 */
import { FlowError } from './engine/errors.ts';
import type { ActionContext, ActionResult, FlowRuntime } from './engine/types.ts';
import { startPasskeyLogin } from './passkey-login.ts';
import { bool, str } from './stash.ts';

/** Passcode login by email is possible (`email.enabled && email.use_for_authentication`). */
export const passcodeLoginOn = (ctx: FlowRuntime): boolean =>
  ctx.services.config.email.enabled && ctx.services.config.email.use_for_authentication;

/** §4.2 step 9: log in with a passcode mailed to the stashed address (a code-less mail if no user is known). */
export function startPasscodeLogin(ctx: FlowRuntime): ActionResult {
  ctx.stash.login_method = 'passcode';
  ctx.stash.passcode_template = str(ctx.stash, 'user_id') ? 'login' : 'email_login_attempted';
  return { continue: ['passcode_confirmation'] };
}

/**
 * §4.2 steps 6–8, after the identifier was looked up and the user's flags were stashed. `isEmail`: the
 * identifier was an email address; `userFound`: an account owns it.
 */
export async function routeLogin(
  ctx: ActionContext,
  { isEmail, userFound }: { isEmail: boolean; userFound: boolean },
): Promise<ActionResult> {
  const c = ctx.services.config;
  const hasPrimaryEmail = userFound && !!str(ctx.stash, 'email');
  // 6. A username without an email address cannot use passcodes; without passwords nothing is left.
  if (!isEmail && userFound && !c.password.enabled && !hasPrimaryEmail) {
    throw new FlowError('flow_discontinuity_error');
  }
  if (c.privacy.only_show_actual_login_methods) {
    // 7. Offer only what the account can actually use.
    const e = passcodeLoginOn(ctx) && hasPrimaryEmail;
    const p = c.password.enabled && userFound && bool(ctx.stash, 'user_has_password');
    const k = c.passkey.enabled && userFound && bool(ctx.stash, 'user_has_passkey');
    const count = [e, p, k].filter(Boolean).length;
    if (count >= 2) return { continue: ['login_method_chooser'] };
    if (e) return startPasscodeLogin(ctx);
    if (p) return { continue: ['login_password'] };
    // Only passkeys: a login bound to this user's passkeys (the WebAuthn part, src/flows/passkey-login.ts).
    if (k) return startPasskeyLogin(ctx);
    throw new FlowError('flow_discontinuity_error');
  }
  // 8. Every configured method is offered, whether or not the account has it.
  const passcode = passcodeLoginOn(ctx);
  const password = c.password.enabled;
  if (passcode && password) {
    return isEmail || hasPrimaryEmail
      ? { continue: ['login_method_chooser'] }
      : { continue: ['login_password'] };
  }
  if (passcode) return startPasscodeLogin(ctx);
  if (password) return { continue: ['login_password'] };
  throw new FlowError('flow_discontinuity_error');
}

/**
 * `webauthn_verify_assertion_response` (flow-api.md §4.2, §4.6, §6.4): a passkey login, or the security-key
 * second factor when the flow is in MFA mode (`mfa_method == "security_key"`, reached via `login_security_key`).
 */

import { findUserSummary } from '../persistence/repositories/users.ts';
import {
  findCredentialExact,
  findUserHandle,
  recordCredentialUse,
  type WebauthnCredential,
} from '../persistence/repositories/webauthn-credentials.ts';
import { takeCeremony } from '../webauthn/ceremonies.ts';
import { fromBase64Url, NIL_UUID, uuidToBytes } from '../webauthn/encoding.ts';
import {
  responseCredentialId,
  responseUserHandle,
  verifyAssertion,
  WebauthnVerificationError,
} from '../webauthn/verify.ts';
import { FlowError } from './engine/errors.ts';
import type { ActionContext, ActionResult } from './engine/types.ts';
import { scheduleMfa } from './scheduling.ts';
import { str } from './stash.ts';
import { stashUserFlags } from './user-flags.ts';
import { CEREMONY_KEY, stashedCeremonyId } from './webauthn-ceremony.ts';

const invalid = (reason: string) => new WebauthnVerificationError('passkey_invalid', reason);

/** Does the response's user handle name the credential's owner (the user id bytes, or an imported handle)? */
async function handleMatches(ctx: ActionContext, cred: WebauthnCredential, handle: Buffer): Promise<boolean> {
  if (cred.user_handle_id) {
    const custom = await findUserHandle(ctx.services.db.knex, cred.user_handle_id);
    if (custom === undefined) return false;
    return handle.equals(Buffer.from(custom, 'utf8')) || !!fromBase64Url(custom)?.equals(handle);
  }
  return handle.equals(uuidToBytes(cred.user_id));
}

/** The checks before the signature: ceremony, credential, MFA-only rule, user binding, user handle. */
async function loadAndCheck(ctx: ActionContext, mfa: boolean) {
  const db = ctx.services.db.knex;
  const response = ctx.input.assertion_response;
  const ceremony = await takeCeremony(db, stashedCeremonyId(ctx), 'authentication', ctx.services.now());
  delete ctx.stash[CEREMONY_KEY];
  const credId = responseCredentialId(response);
  if (!credId) throw invalid('assertion has no credential id');
  const cred = await findCredentialExact(db, credId);
  if (!cred) throw invalid('unknown credential');
  if (cred.mfa_only && !mfa) {
    throw new WebauthnVerificationError(
      'webauthn_credential_invalid_mfa_only',
      'security key used as passkey',
    );
  }
  const bound = ceremony.user_id !== NIL_UUID;
  if (bound && cred.user_id !== ceremony.user_id) throw invalid('credential of another user');
  if (ceremony.allowed_credentials.length && !ceremony.allowed_credentials.includes(cred.id)) {
    throw invalid('credential not allowed');
  }
  const handle = responseUserHandle(response);
  if (!bound && !handle) throw invalid('discoverable login without user handle');
  if (handle && !(await handleMatches(ctx, cred, handle))) throw invalid('user handle mismatch');
  return { ceremony, cred, response };
}

export async function verifyPasskeyAssertion(ctx: ActionContext): Promise<ActionResult> {
  const mfa = ctx.state === 'login_passkey' && str(ctx.stash, 'mfa_method') === 'security_key';
  let cred: WebauthnCredential | undefined;
  let verified: Awaited<ReturnType<typeof verifyAssertion>>;
  try {
    const checked = await loadAndCheck(ctx, mfa);
    cred = checked.cred;
    verified = await verifyAssertion(ctx.services, {
      response: checked.response,
      challenge: checked.ceremony.challenge,
      userVerification: checked.ceremony.user_verification,
      credential: { id: cred.id, publicKey: cred.public_key, signCount: cred.sign_count },
    });
  } catch (err) {
    if (!(err instanceof WebauthnVerificationError)) throw err;
    const userId = cred?.user_id ?? str(ctx.stash, 'user_id');
    ctx.write((trx) =>
      ctx.services.audit.write(trx, ctx.meta, {
        type: 'login_failure',
        user: userId ? { id: userId, email: str(ctx.stash, 'email') ?? null } : null,
        error: `${mfa ? 'security key' : 'passkey'}: ${err.reason}`,
        details: {
          flow_id: ctx.flowId,
          login_method: str(ctx.stash, 'login_method') ?? 'passkey',
          ...(mfa ? { mfa_method: 'security_key' } : {}),
        },
      }),
    );
    throw new FlowError(err.code);
  }
  const owner = cred.user_id;
  const stashedUser = str(ctx.stash, 'user_id');
  if (stashedUser && stashedUser !== NIL_UUID && stashedUser !== owner) {
    // Someone else's credential for an already identified user: the flow ends.
    ctx.softError('passkey_invalid');
    return { continue: ['error'] };
  }
  const db = ctx.services.db.knex;
  if (!mfa) {
    ctx.stash.login_method = 'passkey';
    const summary = await findUserSummary(db, owner);
    if (summary?.email) ctx.stash.email = summary.email.address;
    else delete ctx.stash.email;
    if (summary?.username) ctx.stash.username = summary.username;
    else delete ctx.stash.username;
  }
  await stashUserFlags(db, ctx.stash, owner);
  const now = ctx.services.now();
  const credentialId = cred.id;
  ctx.write((trx) =>
    recordCredentialUse(trx, credentialId, {
      signCount: verified.signCount,
      backupEligible: verified.backupEligible,
      backupState: verified.backupState,
      now,
    }),
  );
  ctx.preventRevert();
  scheduleMfa(ctx);
  return { continue: [] };
}

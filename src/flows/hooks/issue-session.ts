import { findTemplateMetadata } from '../../persistence/repositories/user-metadata.ts';
import { prepareSession } from '../../sessions/issue.ts';
import type { HookImplementation } from '../engine/types.ts';
import { authenticationMethods } from '../scheduling.ts';
import { bool, str } from '../stash.ts';

const toTime = (sec: unknown) => (typeof sec === 'number' ? new Date(sec * 1000).toISOString() : undefined);

/** Claims as the flow payload shows them (flow-api.md §7.3). */
export function claimsPayload(claims: Record<string, unknown>): Record<string, unknown> {
  const { sub, iat, exp, aud, iss, ...rest } = claims;
  const out: Record<string, unknown> = { subject: sub };
  if (iat !== undefined) out.issued_at = toTime(iat);
  out.expiration = toTime(exp);
  if (Array.isArray(aud) && aud.length) out.audience = aud;
  if (iss) out.issuer = iss;
  return { ...out, ...rest };
}

/** Authentication methods of this flow (§5.4): a passcode counts as `otp`. */
function amr(stash: Record<string, unknown>, flow: string): string[] {
  const out: string[] = [];
  if (flow === 'registration' ? bool(stash, 'amr_passcode') : stash.login_method === 'passcode')
    out.push('otp');
  return out;
}

/** Before `success`: sign the session JWT, store the session with the flow's writes, set cookie/headers. */
export const issueSessionHook: HookImplementation = async (ctx) => {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new Error('issue_session: no user id stashed');
  const user = ctx.payload.user as {
    emails?: Array<{ address: string; is_primary: boolean; is_verified: boolean }>;
    username?: { username: string };
    name?: string;
    given_name?: string;
    family_name?: string;
    picture?: string;
  };
  const primary = user?.emails?.find((e) => e.is_primary);
  const prepared = await prepareSession(
    ctx.services,
    {
      id: userId,
      email: primary ? { address: primary.address, is_verified: primary.is_verified } : null,
      username: user?.username?.username ?? null,
      name: user?.name ?? null,
      given_name: user?.given_name ?? null,
      family_name: user?.family_name ?? null,
      picture: user?.picture ?? null,
      // for session.jwt_template; a user registering now has no row yet (nulls)
      metadata: await findTemplateMetadata(ctx.services.db.knex, userId),
    },
    { amr: authenticationMethods(ctx), ip: ctx.meta.ip, userAgent: ctx.meta.userAgent },
  );
  ctx.write((trx) => prepared.store(trx));
  ctx.write(async (trx) => {
    await ctx.services.audit.write(trx, ctx.meta, {
      type: 'login_success',
      user: { id: userId, email: primary?.address ?? null },
      details: {
        flow_id: ctx.flowId,
        ...(ctx.stash.login_method ? { login_method: ctx.stash.login_method } : {}),
        ...(ctx.stash.mfa_method ? { mfa_method: ctx.stash.mfa_method } : {}),
      },
    });
  });
  const retentionCfg = ctx.services.config.session.cookie.retention;
  const retention =
    retentionCfg === 'session' || (retentionCfg === 'prompt' && !bool(ctx.stash, 'remember_me'))
      ? 'session'
      : 'persistent';
  ctx.http.session = { token: prepared.token, lifespanSeconds: prepared.lifespanSeconds, retention };
  ctx.payload.claims = claimsPayload(prepared.claims as Record<string, unknown>);
  if (ctx.flowName === 'login' && typeof ctx.stash.login_method === 'string') {
    ctx.payload.last_login = {
      login_method: ctx.stash.login_method,
      ...(typeof ctx.stash.mfa_method === 'string' ? { mfa_method: ctx.stash.mfa_method } : {}),
    };
  }
};

import { randomBytes, randomUUID } from 'node:crypto';
import { parseDuration } from '../../util/duration.ts';
import { addDeviceTrustEntry, deviceTrustSetCookie, parseDeviceTrustCookie } from '../device-trust.ts';
import type { HookImplementation } from '../engine/types.ts';
import { bool, str } from '../stash.ts';

/**
 * Before `success` (login): remember this browser so the next logins of the user skip the second factor
 * (§4.17, §1.13). Policy `always` trusts without asking, `prompt` only after `trust_device`. Only a login that
 * actually passed a second factor in this flow earns trust.
 */
export const issueDeviceTrust: HookImplementation = async (ctx) => {
  const m = ctx.services.config.mfa;
  if (!m.enabled || m.device_trust_policy === 'never') return;
  if (m.device_trust_policy === 'prompt' && !bool(ctx.stash, 'device_trust_granted')) return;
  if (!str(ctx.stash, 'mfa_method')) return;
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new Error('issue_device_trust: no user id stashed');
  const durationMs = parseDuration(m.device_trust_duration);
  const maxAge = Math.floor(durationMs / 1000);
  if (maxAge <= 0) return;
  const token = randomBytes(64).toString('base64url');
  const current = ctx.cookie(m.device_trust_cookie_name);
  const replaced = parseDeviceTrustCookie(current)
    .filter((e) => e.userId === userId && e.token.length <= 128)
    .map((e) => e.token);
  const now = ctx.services.now();
  ctx.write(async (trx) => {
    if (replaced.length)
      await trx('trusted_devices').where({ user_id: userId }).whereIn('device_token', replaced).delete();
    await trx('trusted_devices').insert({
      id: randomUUID(),
      user_id: userId,
      device_token: token,
      expires_at: new Date(now.getTime() + durationMs),
      created_at: now,
      updated_at: now,
    });
  });
  const value = addDeviceTrustEntry(current, userId, token, m.device_trust_max_users_per_device);
  ctx.http.cookies.push(deviceTrustSetCookie(ctx.services.config, value, maxAge));
};

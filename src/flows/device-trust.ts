import type { Knex } from 'knex';
import type { Config } from '../config/types.ts';

/** Entries of the device-trust cookie: `<user uuid>:<token>` joined by `|`, newest first (flow-api.md §1.13). */
export function parseDeviceTrustCookie(value: string | undefined): Array<{ userId?: string; token: string }> {
  if (!value) return [];
  return value
    .split('|')
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      return i < 0 ? { token: entry } : { userId: entry.slice(0, i), token: entry.slice(i + 1) };
    });
}

/** Is this browser trusted for `userId` (policy ≠ never, and a stored unexpired token matches)? (§4.17) */
export async function isDeviceTrusted(
  db: Knex,
  config: Config,
  cookieValue: string | undefined,
  userId: string | undefined,
  now: Date,
): Promise<boolean> {
  if (!userId || config.mfa.device_trust_policy === 'never') return false;
  const entries = parseDeviceTrustCookie(cookieValue);
  const entry =
    entries.find((e) => e.userId === userId) ??
    (entries.length === 1 && !entries[0]?.userId ? entries[0] : undefined);
  if (!entry?.token || entry.token.length > 128) return false;
  const row = await db('trusted_devices')
    .where({ user_id: userId, device_token: entry.token })
    .andWhere('expires_at', '>', now)
    .first('id');
  return !!row;
}

/**
 * The new cookie value after trusting `token` for `userId`: its entry first, the user's older entry and any
 * legacy (user-less) entry dropped, at most `max` entries (the oldest go).
 */
export function addDeviceTrustEntry(
  current: string | undefined,
  userId: string,
  token: string,
  max: number,
): string {
  const rest = parseDeviceTrustCookie(current).filter((e) => e.userId && e.userId !== userId);
  return [{ userId, token }, ...rest]
    .slice(0, Math.max(1, max))
    .map((e) => `${e.userId}:${e.token}`)
    .join('|');
}

/** The Set-Cookie value of the device-trust cookie (§1.13): host-only, HttpOnly, Secure, SameSite=None. */
export function deviceTrustSetCookie(config: Config, value: string, maxAgeSeconds: number): string {
  const name = config.mfa.device_trust_cookie_name;
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=None`;
}

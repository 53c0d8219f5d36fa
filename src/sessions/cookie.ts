import type { Context } from 'koa';
import type { Config } from '../config/types.ts';
import type { Services } from '../services.ts';
import type { IssuedSession } from './issue.ts';

/** Persistent cookies carry Max-Age; session cookies end with the browser session (flow-api.md §1.13). */
export type SessionRetention = 'persistent' | 'session';

export interface SessionCookieOptions {
  lifespanSeconds: number;
  retention: SessionRetention;
}

/** The session cookie's name; an empty configured name means `hanko`. */
export const sessionCookieName = (config: Config): string => config.session.cookie.name || 'hanko';

const SAME_SITE: Record<string, string> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/**
 * One `Set-Cookie` value with the session cookie's attributes. Written by hand rather than with Koa's
 * `ctx.cookies`: those emit `Expires` instead of `Max-Age` and refuse `Secure` on plain-HTTP hops (TLS is
 * usually terminated by a proxy in front of us).
 */
function serialize(config: Config, value: string, maxAge: number | undefined): string {
  const c = config.session.cookie;
  const parts = [`${sessionCookieName(config)}=${value}`, 'Path=/'];
  const domain = c.domain?.replace(/^\./, '');
  if (domain) parts.push(`Domain=${domain}`);
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  if (c.http_only) parts.push('HttpOnly');
  if (c.secure) parts.push('Secure');
  // An unknown value leaves the attribute out: the browser's default applies.
  const sameSite = SAME_SITE[String(c.same_site).toLowerCase()];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

/**
 * Hands a session token to the client: the session cookie, or with `session.enable_auth_token_header` the
 * `X-Auth-Token` header and no cookie. `X-Session-Lifetime` is always set (rest-api.md §2.3).
 */
export function setSessionCookie(
  ctx: Context,
  config: Config,
  token: string,
  opts: SessionCookieOptions,
): void {
  ctx.set('X-Session-Lifetime', String(opts.lifespanSeconds));
  if (config.session.enable_auth_token_header) {
    ctx.set('X-Auth-Token', token);
    return;
  }
  ctx.append(
    'Set-Cookie',
    serialize(config, token, opts.retention === 'session' ? undefined : opts.lifespanSeconds),
  );
}

/**
 * Tells the browser to drop the session cookie: same name, path, domain and flags, empty value. Upstream asks
 * for `MaxAge: -1`, which Go writes on the wire as `Max-Age=0`; we send that wire form.
 */
export function clearSessionCookie(ctx: Context, config: Config): void {
  ctx.append('Set-Cookie', serialize(config, '', 0));
}

/** `session.cookie.retention` resolved for one login: `prompt` follows the user's "remember me" choice. */
export function resolveRetention(config: Config, rememberMe?: boolean): SessionRetention {
  const r = config.session.cookie.retention;
  if (r === 'session') return 'session';
  if (r === 'prompt') return rememberMe ? 'persistent' : 'session';
  return 'persistent';
}

/**
 * Sends a session made by `issueSession` to the client. With `retention` given (the flow API) the response
 * also carries `X-Session-Retention`; without it the cookie is persistent and that header is not sent.
 */
export function applyIssuedSession(
  ctx: Context,
  services: Services,
  issued: IssuedSession,
  retention?: SessionRetention,
): void {
  setSessionCookie(ctx, services.config, issued.token, {
    lifespanSeconds: issued.lifespanSeconds,
    retention: retention ?? 'persistent',
  });
  if (retention) ctx.set('X-Session-Retention', retention);
}

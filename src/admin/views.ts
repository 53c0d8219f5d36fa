/** JSON shapes of the admin API (rest-api.md §9.2, §9.6, §9.7, §6.8, §6.10, §6.11). */
import type { AuditLogRow } from '../persistence/repositories/audit-logs.ts';
import type { UserEmailRow } from '../persistence/repositories/emails.ts';
import type { SessionRow } from '../persistence/repositories/sessions.ts';
import type { WebauthnCredential } from '../persistence/repositories/webauthn-credentials.ts';
import type { Webhook } from '../persistence/repositories/webhooks.ts';
import { webauthnCredentialResponse } from '../users/profile.ts';

export const emailView = (e: UserEmailRow) => ({
  id: e.id,
  address: e.address,
  is_verified: e.verified,
  is_primary: e.is_primary,
  created_at: e.created_at,
  updated_at: e.updated_at,
});

export const credentialView = (c: WebauthnCredential) => webauthnCredentialResponse(c, c.transports);

export const sessionView = (s: SessionRow) => ({
  id: s.id,
  user_id: s.user_id,
  user_agent: s.user_agent,
  ip_address: s.ip_address,
  created_at: s.created_at,
  updated_at: s.updated_at,
  expires_at: s.expires_at,
  last_used: s.last_used,
});

function parseDetails(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const auditLogView = (a: AuditLogRow) => ({
  id: a.id,
  type: a.type,
  ...(a.error !== null ? { error: a.error } : {}),
  meta_http_request_id: a.meta_http_request_id,
  meta_source_ip: a.meta_source_ip,
  meta_user_agent: a.meta_user_agent,
  ...(a.actor_user_id !== null ? { actor_user_id: a.actor_user_id } : {}),
  ...(a.actor_email !== null ? { actor_email: a.actor_email } : {}),
  details: parseDetails(a.details),
  created_at: a.created_at,
  updated_at: a.updated_at,
});

export const webhookView = (w: Webhook) => ({
  id: w.id,
  callback: w.callback,
  enabled: w.enabled,
  failures: w.failures,
  expires_at: w.expires_at,
  events: w.events,
  created_at: w.created_at,
  updated_at: w.updated_at,
});

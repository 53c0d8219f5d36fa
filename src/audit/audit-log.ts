import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config/types.ts';
import { maskEmail, maskUsername } from './mask.ts';

/** Who and where: taken from the HTTP request that caused the entry. */
export interface AuditRequestMeta {
  requestId: string;
  ip: string;
  userAgent: string;
}

export interface AuditEntryInput {
  type: string;
  /** The user concerned, with their primary email at the time (null when unknown). */
  user?: { id: string; email?: string | null } | null;
  error?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLogger {
  /**
   * Writes an entry: inserted with `db` (pass the operation's transaction so the entry commits or rolls back with
   * it), and printed as one JSON line once written.
   */
  write(db: Knex | Knex.Transaction, meta: AuditRequestMeta, entry: AuditEntryInput): Promise<void>;
}

export function createAuditLogger(
  config: Config,
  now: () => Date,
  out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): AuditLogger {
  const cfg = config.audit_log;
  const mask = cfg.mask;
  return {
    async write(db, meta, entry) {
      const email = entry.user?.email ?? null;
      const details: Record<string, unknown> = { ...(entry.details ?? {}) };
      if (mask) {
        if (typeof details.email === 'string') details.email = maskEmail(details.email);
        if (typeof details.username === 'string') details.username = maskUsername(details.username);
      }
      const actorEmail = email && mask ? maskEmail(email) : email;
      const at = now();
      if (cfg.storage.enabled) {
        await db('audit_logs').insert({
          id: randomUUID(),
          type: entry.type,
          error: entry.error ?? null,
          meta_http_request_id: meta.requestId.slice(0, 255),
          meta_source_ip: meta.ip.slice(0, 255),
          meta_user_agent: meta.userAgent.slice(0, 255),
          actor_user_id: entry.user?.id ?? null,
          actor_email: actorEmail,
          details: JSON.stringify(details),
          created_at: at,
          updated_at: at,
        });
      }
      if (cfg.console_output.enabled) {
        const line = {
          audience: 'audit',
          type: entry.type,
          error: entry.error ?? null,
          http_request_id: meta.requestId,
          source_ip: meta.ip,
          user_agent: meta.userAgent,
          details,
          time: at.toISOString(),
          time_unix: String(Math.floor(at.getTime() / 1000)),
          ...(entry.user?.id ? { user_id: entry.user.id } : {}),
          ...(actorEmail ? { user_email: actorEmail } : {}),
        };
        (cfg.console_output.output === 'stderr' ? out.stderr : out.stdout).write(`${JSON.stringify(line)}\n`);
      }
    },
  };
}

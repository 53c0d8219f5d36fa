/** Reading `audit_logs` for the admin API (rest-api.md §6.10). Entries are written by src/audit/audit-log.ts. */
import type { Knex } from 'knex';
import { containsPattern } from '../like.ts';

export interface AuditLogRow {
  id: string;
  type: string;
  error: string | null;
  meta_http_request_id: string;
  meta_source_ip: string;
  meta_user_agent: string;
  actor_user_id: string | null;
  actor_email: string | null;
  details: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface AuditLogFilter {
  /** Exclusive bounds on `created_at`. */
  startTime?: Date;
  endTime?: Date;
  /** Exact match on any of these types. */
  types: string[];
  /** Substring matches. */
  actorUserId?: string;
  actorEmail?: string;
  sourceIp?: string;
  /** Substring of the actor email, the source IP or the actor user id. */
  q?: string;
}

function where(db: Knex, f: AuditLogFilter): Knex.QueryBuilder {
  // PostgreSQL stores the id as uuid: compare its text form.
  const actorId = db.client.dialect === 'mysql' ? 'actor_user_id' : 'actor_user_id::text';
  const q = db('audit_logs');
  if (f.startTime) q.where('created_at', '>', f.startTime);
  if (f.endTime) q.where('created_at', '<', f.endTime);
  if (f.types.length) q.whereIn('type', f.types);
  if (f.actorUserId) q.whereRaw(`${actorId} like ?`, [containsPattern(f.actorUserId)]);
  if (f.actorEmail) q.where('actor_email', 'like', containsPattern(f.actorEmail));
  if (f.sourceIp) q.where('meta_source_ip', 'like', containsPattern(f.sourceIp));
  if (f.q) {
    const p = containsPattern(f.q);
    q.where((w) =>
      w
        .where('actor_email', 'like', p)
        .orWhere('meta_source_ip', 'like', p)
        .orWhereRaw(`${actorId} like ?`, [p]),
    );
  }
  return q;
}

export async function countAuditLogs(db: Knex, f: AuditLogFilter): Promise<number> {
  const [row] = await where(db, f).count({ n: '*' });
  return Number(row?.n ?? 0);
}

/** Newest first. */
export async function listAuditLogs(
  db: Knex,
  f: AuditLogFilter,
  page: { offset: number; limit: number },
): Promise<AuditLogRow[]> {
  return where(db, f)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(page.offset)
    .limit(page.limit)
    .select('*');
}

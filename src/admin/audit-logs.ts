/** Admin `GET /audit_logs`: filtered, paginated, newest first (rest-api.md §6.10). */
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  type AuditLogFilter,
  countAuditLogs,
  listAuditLogs,
} from '../persistence/repositories/audit-logs.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { parsePageRequest, setPaginationHeaders } from './pagination.ts';
import { auditLogView } from './views.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

function time(ctx: Context, name: string): Date | undefined {
  const raw = first(ctx.query[name]);
  if (raw === '') return undefined;
  const d = new Date(raw);
  if (!RFC3339.test(raw) || Number.isNaN(d.getTime()))
    throw new HttpError(400, `${name} must be a valid RFC 3339 timestamp`);
  return d;
}

function filter(ctx: Context): AuditLogFilter {
  const types = ctx.query.type;
  const text = (name: string) => first(ctx.query[name]) || undefined;
  const f: AuditLogFilter = {
    types: (Array.isArray(types) ? types : types ? [types] : []).filter((t) => t !== ''),
  };
  const start = time(ctx, 'start_time');
  const end = time(ctx, 'end_time');
  if (start) f.startTime = start;
  if (end) f.endTime = end;
  const actorUserId = text('actor_user_id');
  const actorEmail = text('actor_email');
  const sourceIp = text('meta_source_ip');
  const q = text('q');
  if (actorUserId) f.actorUserId = actorUserId;
  if (actorEmail) f.actorEmail = actorEmail;
  if (sourceIp) f.sourceIp = sourceIp;
  if (q) f.q = q;
  return f;
}

export function auditLogRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  router.get('/audit_logs', async (ctx) => {
    const page = parsePageRequest(ctx.query);
    const f = filter(ctx);
    const total = await countAuditLogs(db, f);
    const rows =
      page.offset < total ? await listAuditLogs(db, f, { offset: page.offset, limit: page.perPage }) : [];
    setPaginationHeaders(ctx, total, page);
    ctx.body = rows.map(auditLogView);
  });

  return router;
}

import type { Context } from 'koa';
import type { AuditRequestMeta } from '../audit/audit-log.ts';

/** Request id, client IP and User-Agent of a request, for audit entries and sessions. */
export function requestMeta(ctx: Context): AuditRequestMeta {
  return {
    requestId: String(ctx.state.requestId ?? ''),
    ip: ctx.ip || ctx.request.socket.remoteAddress || '',
    userAgent: ctx.get('User-Agent'),
  };
}

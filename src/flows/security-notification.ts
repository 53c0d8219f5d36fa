import type { Knex } from 'knex';
import type { MailData, NotificationTemplate } from '../mail/types.ts';
import type { FlowRuntime } from './engine/types.ts';

/**
 * Inside a queued write: mails the security notification `template` to `to` (the user's primary address) when
 * `security_notifications.notifications.<template>.enabled`, and audits it. Call `ctx.afterCommit` is done
 * here, so the dispatcher wakes once the flow's transaction has committed.
 */
export async function sendSecurityNotification(
  trx: Knex.Transaction,
  ctx: FlowRuntime,
  n: { userId: string; to: string | null | undefined; template: NotificationTemplate; data?: MailData },
): Promise<void> {
  if (!n.to || !ctx.services.config.security_notifications.notifications[n.template].enabled) return;
  await ctx.services.mail.enqueue(trx, {
    to: n.to,
    template: n.template,
    locale: ctx.locale,
    data: n.data ?? {},
  });
  await ctx.services.audit.write(trx, ctx.meta, {
    type: 'security_notification_sent',
    user: { id: n.userId, email: n.to },
    details: { flow_id: ctx.flowId, template: n.template },
  });
  ctx.afterCommit(() => ctx.services.mail.kick());
}

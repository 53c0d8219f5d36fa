/**
 * The mail service used by flows and handlers: `enqueue` writes a mail inside the caller's transaction,
 * `kick` (after the commit) wakes the dispatcher, `stop` ends it before the database closes.
 *
 * With `email_delivery.enabled: false` no dispatcher runs and nothing is ever sent: mails are still written,
 * parked as "not for delivery" (see outbox.ts), so that the `email.send` webhook can be produced from them.
 * Switching delivery on later does not send those old rows.
 */
import type { Knex } from 'knex';
import type { Config } from '../config/types.ts';
import { mailsFailedTotal, mailsSentTotal } from '../metrics/metrics.ts';
import type { Logger } from '../util/logger.ts';
import { MailDispatcher, type MailDispatcherOptions } from './dispatcher.ts';
import { enqueueMail } from './outbox.ts';
import { createSmtpTransport, type MailTransport } from './transport.ts';
import type { MailMessage } from './types.ts';

export interface MailService {
  /** Writes the mail with `trx` (inside the caller's transaction). `data.service_name` defaults to `service.name`. */
  enqueue(trx: Knex, msg: MailMessage): Promise<void>;
  /** Call after the transaction that enqueued mails has committed. */
  kick(): void;
  stop(): Promise<void>;
}

export interface MailServiceDeps {
  config: Config;
  db: { knex: Knex };
  logger: Logger;
  now: () => Date;
}

export type MailServiceOptions = Partial<
  Pick<
    MailDispatcherOptions,
    | 'pollIntervalMs'
    | 'batchSize'
    | 'maxAttempts'
    | 'baseDelayMs'
    | 'maxDelayMs'
    | 'leaseMs'
    | 'onSent'
    | 'onFailed'
  >
> & {
  /** Defaults to SMTP from `email_delivery.smtp`. */
  transport?: MailTransport;
};

/** Builds the service and, when delivery is enabled, starts its dispatcher (which sends what is already due). */
export function createMailService(deps: MailServiceDeps, opts: MailServiceOptions = {}): MailService {
  const { config, now } = deps;
  const delivery = config.email_delivery;
  const enqueue = async (trx: Knex, msg: MailMessage) => {
    const data = { ...msg.data, service_name: msg.data.service_name ?? config.service.name };
    await enqueueMail(trx, { ...msg, data }, now(), { deliver: delivery.enabled });
  };
  if (!delivery.enabled) {
    opts.transport?.close();
    return { enqueue, kick: () => {}, stop: async () => {} };
  }
  const { transport, onSent, onFailed, ...tuning } = opts;
  const dispatcher = new MailDispatcher({
    ...tuning,
    onSent: (mail) => {
      mailsSentTotal.inc({ template: mail.template });
      onSent?.(mail);
    },
    // Counted per refused attempt (a mail retried three times counts three), so SMTP trouble shows at once.
    onFailed: (mail, willRetry) => {
      mailsFailedTotal.inc({ template: mail.template });
      onFailed?.(mail, willRetry);
    },
    knex: deps.db.knex,
    transport: transport ?? createSmtpTransport(delivery),
    from: { name: delivery.from_name, address: delivery.from_address },
    logger: deps.logger,
    now,
  });
  dispatcher.start();
  return { enqueue, kick: () => dispatcher.kick(), stop: () => dispatcher.stop() };
}

/**
 * Sends what the outbox holds. `kick()` after a commit drains the due rows right away; a periodic poll
 * (unref'd timer) picks up retries and whatever an earlier process left behind, and `start()` drains once, so
 * mails committed before a crash go out when the next process starts.
 *
 * Each row is claimed with a conditional UPDATE (a lease on `next_attempt_at`), so several processes on one
 * database never send the same row at the same time. `sent_at` is written only after the SMTP server
 * accepted the message. Delivery is at-least-once: if the process dies between the SMTP acceptance and that
 * write, the row is sent again when its lease runs out.
 *
 * A failed attempt is retried with exponential back-off (base · 2^(attempt-1), capped); after `maxAttempts`
 * the row is parked and an error is logged. A row whose data cannot be rendered is parked at once.
 */
import type { Knex } from 'knex';
import type { Logger } from '../util/logger.ts';
import { claimMail, findDueMailIds, type MailOutboxRow, markMailFailed, markMailSent } from './outbox.ts';
import { renderMail } from './render.ts';
import type { MailTransport } from './transport.ts';

export interface MailOutcome {
  id: string;
  template: string;
  attempts: number;
}

export interface MailDispatcherOptions {
  knex: Knex;
  transport: MailTransport;
  from: { name: string; address: string };
  logger: Logger;
  now: () => Date;
  pollIntervalMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed row stays invisible to other dispatchers; must exceed one SMTP attempt. */
  leaseMs?: number;
  onSent?: (mail: MailOutcome) => void;
  /** `willRetry` false: the dispatcher gave up on this mail. */
  onFailed?: (mail: MailOutcome, willRetry: boolean) => void;
}

export const DISPATCHER_DEFAULTS = {
  pollIntervalMs: 10_000,
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
};

export class MailDispatcher {
  private readonly opts: MailDispatcherOptions & typeof DISPATCHER_DEFAULTS;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(opts: MailDispatcherOptions) {
    const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
    this.opts = { ...DISPATCHER_DEFAULTS, ...defined } as MailDispatcherOptions & typeof DISPATCHER_DEFAULTS;
  }

  /** Starts the periodic poll and sends what is already due. */
  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setInterval(() => this.kick(), this.opts.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Wakes the dispatcher (call after a commit that wrote mails). Never throws, never blocks. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no drain is in progress (tests use it to wait for the effect of a kick). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops polling, waits for the attempt in progress and closes the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
    this.opts.transport.close();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drain();
      } catch (err) {
        this.opts.logger.error({ err }, 'mail dispatcher: reading the outbox failed');
      }
    } while (this.again && !this.stopped);
  }

  /** Sends every row that is due now; returns the number of mails sent. */
  private async drain(): Promise<number> {
    const { knex, batchSize, leaseMs, now } = this.opts;
    let sent = 0;
    for (;;) {
      const ids = await findDueMailIds(knex, now(), batchSize);
      for (const id of ids) {
        if (this.stopped) return sent;
        const row = await claimMail(knex, id, now(), leaseMs);
        if (row && (await this.deliver(row))) sent++;
      }
      if (ids.length < batchSize) return sent;
    }
  }

  private async deliver(row: MailOutboxRow): Promise<boolean> {
    const { knex, logger, now } = this.opts;
    const outcome: MailOutcome = { id: row.id, template: row.template, attempts: row.attempts };
    const log = { mailId: row.id, template: row.template, attempt: row.attempts };
    let rendered: ReturnType<typeof renderMail>;
    try {
      rendered = renderMail(row.template, row.locale, JSON.parse(row.data));
    } catch (err) {
      logger.error(
        { ...log, error: (err as Error).message },
        'mail dispatcher: cannot render mail, giving up',
      );
      await markMailFailed(knex, row.id, now(), `render: ${(err as Error).message}`, undefined);
      this.opts.onFailed?.(outcome, false);
      return false;
    }
    try {
      await this.opts.transport.send({ from: this.opts.from, to: row.recipient, ...rendered });
    } catch (err) {
      const message = (err as Error).message || String(err);
      const retryAt = row.attempts < this.opts.maxAttempts ? this.retryAt(row.attempts) : undefined;
      if (retryAt) {
        logger.warn({ ...log, error: message, retryAt }, 'mail dispatcher: SMTP delivery failed, will retry');
      } else {
        logger.error({ ...log, error: message }, 'mail dispatcher: SMTP delivery failed, giving up');
      }
      await markMailFailed(knex, row.id, now(), message, retryAt);
      this.opts.onFailed?.(outcome, retryAt !== undefined);
      return false;
    }
    try {
      await markMailSent(knex, row.id, now());
    } catch (err) {
      // Accepted by SMTP but not recorded: the row is sent again once its lease expires.
      logger.error({ ...log, err }, 'mail dispatcher: mail sent, but recording it failed');
    }
    logger.debug(log, 'mail dispatcher: mail sent');
    this.opts.onSent?.(outcome);
    return true;
  }

  private retryAt(attempts: number): Date {
    const { baseDelayMs, maxDelayMs, now } = this.opts;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return new Date(now().getTime() + delay);
  }
}

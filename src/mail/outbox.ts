/**
 * The `mail_outbox` table. Mails are written inside the caller's transaction, so a rolled-back request sends
 * nothing and a committed one loses nothing; the dispatcher sends them after the commit.
 *
 * Row states:
 * - due: `sent_at IS NULL AND next_attempt_at <= now`;
 * - leased: a dispatcher has claimed it by moving `next_attempt_at` to now + lease (and counting the attempt);
 * - sent: `sent_at` set, after the SMTP server accepted the message;
 * - parked: `next_attempt_at = PARKED_UNTIL`, never picked up again. Used for mails that are not for delivery
 *   (`email_delivery.enabled: false` when they were written; `last_error` says so, `attempts` stays 0) and for
 *   mails the dispatcher gave up on (`attempts` > 0, `last_error` = the last failure).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { renderMail } from './render.ts';
import type { MailMessage } from './types.ts';

export const PARKED_UNTIL = new Date('9999-12-31T00:00:00.000Z');
export const NOT_FOR_DELIVERY = 'not for delivery: email_delivery.enabled was false';

const MAX_ERROR_LENGTH = 1000;
const MAX_LOCALE_LENGTH = 16;

export interface MailOutboxRow {
  id: string;
  recipient: string;
  template: string;
  locale: string;
  /** JSON of the template variables (MailData). */
  data: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Writes one mail (with `trx`, inside the caller's transaction) and returns its id. The mail is rendered once
 * here, so bad template data fails the request instead of the later delivery. `deliver: false` writes the row
 * parked (not for delivery).
 */
export async function enqueueMail(
  trx: Knex,
  msg: MailMessage,
  now: Date,
  opts: { deliver?: boolean } = {},
): Promise<string> {
  renderMail(msg.template, msg.locale, msg.data);
  const deliver = opts.deliver ?? true;
  const id = randomUUID();
  await trx('mail_outbox').insert({
    id,
    recipient: msg.to,
    template: msg.template,
    locale: msg.locale.slice(0, MAX_LOCALE_LENGTH),
    data: JSON.stringify(msg.data),
    attempts: 0,
    next_attempt_at: deliver ? now : PARKED_UNTIL,
    last_error: deliver ? null : NOT_FOR_DELIVERY,
    sent_at: null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

export async function findDueMailIds(db: Knex, now: Date, limit: number): Promise<string[]> {
  const rows = await db('mail_outbox')
    .whereNull('sent_at')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at', 'asc')
    .limit(limit)
    .select('id');
  return rows.map((r: { id: string }) => r.id);
}

/**
 * Claims a due row for one delivery attempt: a conditional UPDATE that only one process can win (the row
 * lock serialises competing UPDATEs, and the loser's re-checked condition no longer holds). Returns the
 * claimed row, or undefined when the row is not due any more (sent, parked, or claimed by someone else).
 */
export async function claimMail(
  db: Knex,
  id: string,
  now: Date,
  leaseMs: number,
): Promise<MailOutboxRow | undefined> {
  const updated = await db('mail_outbox')
    .where({ id })
    .whereNull('sent_at')
    .where('next_attempt_at', '<=', now)
    .update({
      next_attempt_at: new Date(now.getTime() + leaseMs),
      attempts: db.raw('attempts + 1'),
      updated_at: now,
    });
  if (updated !== 1) return undefined;
  return db<MailOutboxRow>('mail_outbox').where({ id }).first();
}

export async function markMailSent(db: Knex, id: string, now: Date): Promise<void> {
  await db('mail_outbox').where({ id }).update({ sent_at: now, last_error: null, updated_at: now });
}

/** Records a failed attempt; `retryAt` undefined parks the row for good. */
export async function markMailFailed(
  db: Knex,
  id: string,
  now: Date,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  await db('mail_outbox')
    .where({ id })
    .whereNull('sent_at')
    .update({
      last_error: error.slice(0, MAX_ERROR_LENGTH),
      next_attempt_at: retryAt ?? PARKED_UNTIL,
      updated_at: now,
    });
}

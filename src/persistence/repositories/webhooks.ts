/** `webhooks` and their `webhook_events` (data-model §7): hooks registered through the admin API. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface WebhookRow {
  id: string;
  callback: string;
  enabled: boolean;
  failures: number;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export type Webhook = WebhookRow & { events: Array<{ id: string; event: string }> };

async function withEvents(db: Knex, hooks: WebhookRow[]): Promise<Webhook[]> {
  if (hooks.length === 0) return [];
  const events: Array<{ id: string; webhook_id: string; event: string }> = await db('webhook_events')
    .whereIn(
      'webhook_id',
      hooks.map((h) => h.id),
    )
    .orderBy([{ column: 'created_at' }, { column: 'event' }])
    .select('id', 'webhook_id', 'event');
  return hooks.map((h) => ({
    ...h,
    events: events.filter((e) => e.webhook_id === h.id).map(({ id, event }) => ({ id, event })),
  }));
}

/** Every stored hook, disabled ones included, oldest first. */
export async function listWebhooks(db: Knex): Promise<Webhook[]> {
  const rows = await db<WebhookRow>('webhooks').orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return withEvents(db, rows);
}

export async function findWebhook(
  db: Knex,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Webhook | undefined> {
  const q = db<WebhookRow>('webhooks').where({ id });
  if (opts.forUpdate) q.forUpdate();
  const row = await q.first();
  return row ? (await withEvents(db, [row]))[0] : undefined;
}

async function insertEvents(db: Knex, webhookId: string, events: string[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await db('webhook_events').insert(
    events.map((event) => ({
      id: randomUUID(),
      webhook_id: webhookId,
      event,
      created_at: now,
      updated_at: now,
    })),
  );
}

export interface WebhookInput {
  callback: string;
  /** Distinct event names. */
  events: string[];
  enabled: boolean;
  expiresAt: Date;
}

/** Inserts a hook with its events; run it in a transaction. */
export async function insertWebhook(db: Knex, input: WebhookInput, now: Date): Promise<string> {
  const id = randomUUID();
  await db('webhooks').insert({
    id,
    callback: input.callback,
    enabled: input.enabled,
    failures: 0,
    expires_at: input.expiresAt,
    created_at: now,
    updated_at: now,
  });
  await insertEvents(db, id, input.events, now);
  return id;
}

/** Replaces callback, events and enabled flag, and resets the failure counter; run it in a transaction. */
export async function replaceWebhook(db: Knex, id: string, input: WebhookInput, now: Date): Promise<void> {
  await db('webhooks').where({ id }).update({
    callback: input.callback,
    enabled: input.enabled,
    failures: 0,
    expires_at: input.expiresAt,
    updated_at: now,
  });
  await db('webhook_events').where({ webhook_id: id }).delete();
  await insertEvents(db, id, input.events, now);
}

export async function deleteWebhook(db: Knex, id: string): Promise<boolean> {
  return (await db('webhooks').where({ id }).delete()) > 0;
}

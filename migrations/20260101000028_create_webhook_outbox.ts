/**
 * `webhook_outbox` (our own table, not in upstream): webhook events waiting to be delivered, retried with
 * back-off. `data` (mediumtext on MySQL) is the serialized event payload. Like `mail_outbox` it has an index
 * on `(sent_at, next_attempt_at)` for the "due rows" query.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, index, timestamps } from './support.ts';

const TABLE = 'webhook_outbox';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('event', 255).notNullable();
    t.text('data', 'mediumtext').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    datetime(t, 'next_attempt_at').notNullable();
    t.string('last_error', 1000).nullable();
    datetime(t, 'sent_at').nullable();
    timestamps(t);
    index(t, TABLE, ['sent_at', 'next_attempt_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

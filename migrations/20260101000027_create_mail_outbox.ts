/**
 * `mail_outbox` (our own table, not in upstream): emails waiting to be sent, retried with back-off.
 * `data` is the JSON of the template variables. A row is due when `sent_at IS NULL AND next_attempt_at <= now`.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, index, timestamps } from './support.ts';

const TABLE = 'mail_outbox';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('recipient', 255).notNullable();
    t.string('template', 64).notNullable();
    t.string('locale', 16).notNullable();
    t.text('data').notNullable();
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

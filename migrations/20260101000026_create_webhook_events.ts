/**
 * `webhook_events`: events a database webhook subscribes to (data-model §7). `webhook_id` and `event` are N*
 * upstream: NOT NULL here.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'webhook_events';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('webhook_id').notNullable();
    t.string('event', 255).notNullable();
    timestamps(t);
    unique(t, TABLE, ['webhook_id', 'event']);
    foreign(t, TABLE, {
      columns: ['webhook_id'],
      refTable: 'webhooks',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

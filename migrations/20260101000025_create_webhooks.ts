/** `webhooks`: webhooks registered through the admin API (data-model §7). */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, timestamps } from './support.ts';

const TABLE = 'webhooks';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('callback', 255).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('failures').notNullable().defaultTo(0);
    datetime(t, 'expires_at').notNullable();
    timestamps(t);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

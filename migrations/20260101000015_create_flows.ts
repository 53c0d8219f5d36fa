/**
 * `flows`: flow API state (data-model §4).
 * Beyond the spec: `name` (flow name) and `machine_version` (version of the state machine that wrote
 * `data`), and `data` is `mediumtext` on MySQL (text on PostgreSQL) to hold large snapshots.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, timestamps } from './support.ts';

const TABLE = 'flows';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('name', 64).notNullable();
    t.integer('machine_version').notNullable();
    t.integer('version').notNullable();
    datetime(t, 'expires_at').notNullable();
    t.string('csrf_token', 32).notNullable();
    t.text('data', 'mediumtext').notNullable();
    timestamps(t);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

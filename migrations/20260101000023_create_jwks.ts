/** `jwks`: encrypted signing keys (data-model §6). Auto-increment integer id, no `updated_at`. */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable } from './support.ts';

const TABLE = 'jwks';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.increments('id');
    t.text('key_data').notNullable();
    datetime(t, 'created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

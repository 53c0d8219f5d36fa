/** `saml_states`: pending SAML requests (data-model §5). */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, timestamps, unique } from './support.ts';

const TABLE = 'saml_states';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('nonce', 255).notNullable();
    t.string('state', 500).notNullable();
    datetime(t, 'expires_at').notNullable();
    timestamps(t);
    unique(t, TABLE, ['nonce']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

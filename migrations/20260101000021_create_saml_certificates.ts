/** `saml_certificates`: service-provider signing / encryption certificate (data-model §5). */
import type { Knex } from 'knex';
import { createTable, dropTable, timestamps } from './support.ts';

const TABLE = 'saml_certificates';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.text('cert_data').notNullable();
    t.text('cert_key').notNullable();
    t.string('encryption_key', 255).notNullable();
    timestamps(t);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

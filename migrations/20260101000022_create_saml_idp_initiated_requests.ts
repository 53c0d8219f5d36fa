/**
 * `saml_idp_initiated_requests`: replay protection for IdP-initiated SAML (data-model §5). No `updated_at`.
 * All columns are N* upstream: NOT NULL here.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, unique } from './support.ts';

const TABLE = 'saml_idp_initiated_requests';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('response_id', 255).notNullable();
    t.string('issuer', 255).notNullable();
    datetime(t, 'expires_at').notNullable();
    datetime(t, 'created_at').notNullable();
    unique(t, TABLE, ['response_id', 'issuer']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

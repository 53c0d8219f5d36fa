/**
 * `saml_identities`: SAML domain of an identity (data-model §5). `identity_id` and `domain` are N* upstream:
 * NOT NULL here.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'saml_identities';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('identity_id').notNullable();
    t.string('domain', 255).notNullable();
    timestamps(t);
    unique(t, TABLE, ['identity_id', 'domain']);
    foreign(t, TABLE, {
      columns: ['identity_id'],
      refTable: 'identities',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

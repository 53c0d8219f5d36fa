/**
 * `identities`: third-party (OAuth/OIDC/SAML) identities (data-model §5). v2 schema: unique
 * `(provider_user_id, provider_id)`.
 * Beyond the spec: plain indexes on the FK columns `email_id` and `user_id`.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, timestamps, unique } from './support.ts';

const TABLE = 'identities';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('provider_user_id', 255).notNullable();
    t.string('provider_id', 255).notNullable();
    t.text('data').nullable();
    t.uuid('email_id').nullable();
    t.uuid('user_id').nullable();
    timestamps(t);
    unique(t, TABLE, ['provider_user_id', 'provider_id']);
    index(t, TABLE, ['email_id']);
    index(t, TABLE, ['user_id']);
    foreign(t, TABLE, {
      columns: ['email_id'],
      refTable: 'emails',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    });
    foreign(t, TABLE, {
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

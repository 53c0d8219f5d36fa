/**
 * `tokens`: one-time tokens issued by third-party / SAML callbacks (data-model §4). `link_user` is N* upstream:
 * NOT NULL (default false) here.
 * Beyond the spec: plain indexes on the FK columns `user_id` and `identity_id`.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, foreign, index, timestamps, unique } from './support.ts';

const TABLE = 'tokens';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('value', 255).notNullable();
    datetime(t, 'expires_at').notNullable();
    timestamps(t);
    t.uuid('identity_id').nullable();
    t.boolean('is_flow').notNullable().defaultTo(false);
    t.boolean('user_created').notNullable().defaultTo(false);
    t.string('code_verifier', 255).nullable();
    t.boolean('link_user').notNullable().defaultTo(false);
    unique(t, TABLE, ['value']);
    index(t, TABLE, ['user_id']);
    index(t, TABLE, ['identity_id']);
    foreign(t, TABLE, {
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    });
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

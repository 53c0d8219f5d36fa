/**
 * `passcodes`: one-time email codes (data-model §3). `code` holds an HMAC (hex), not a bcrypt hash.
 * Beyond the spec: plain indexes on the FK columns `user_id` and `email_id`.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, timestamps } from './support.ts';

const TABLE = 'passcodes';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').nullable();
    t.integer('ttl').notNullable();
    t.string('code', 255).notNullable();
    t.integer('try_count').notNullable();
    timestamps(t);
    t.uuid('email_id').nullable();
    index(t, TABLE, ['user_id']);
    index(t, TABLE, ['email_id']);
    foreign(t, TABLE, {
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
    foreign(t, TABLE, {
      columns: ['email_id'],
      refTable: 'emails',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

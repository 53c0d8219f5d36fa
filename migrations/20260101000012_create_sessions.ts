/**
 * `sessions`: server-side sessions (data-model §4). `user_id` and `last_used` are N* upstream: NOT NULL here.
 * Beyond the spec: plain index on the FK column `user_id`.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, foreign, index, timestamps } from './support.ts';

const TABLE = 'sessions';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('user_agent', 255).nullable();
    t.string('ip_address', 255).nullable();
    datetime(t, 'expires_at').nullable();
    datetime(t, 'last_used').notNullable();
    timestamps(t);
    index(t, TABLE, ['user_id']);
    foreign(t, TABLE, {
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

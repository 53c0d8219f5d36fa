/**
 * `usernames` (data-model §2). v2 schema: `username` is unique globally.
 * `user_id` and `username` are N* upstream (nullable DDL, always filled): NOT NULL here.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'usernames';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('username', 255).notNullable();
    timestamps(t);
    unique(t, TABLE, ['user_id']);
    unique(t, TABLE, ['username']);
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

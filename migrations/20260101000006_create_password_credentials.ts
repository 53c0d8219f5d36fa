/** `password_credentials`: at most one password hash per user (data-model §3). */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'password_credentials';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('password', 255).notNullable();
    timestamps(t);
    unique(t, TABLE, ['user_id']);
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

/** `primary_emails`: the primary address of each user (data-model §2). */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'primary_emails';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('email_id').notNullable();
    t.uuid('user_id').notNullable();
    timestamps(t);
    unique(t, TABLE, ['email_id']);
    unique(t, TABLE, ['user_id']);
    // A primary email cannot be deleted while it is primary.
    foreign(t, TABLE, {
      columns: ['email_id'],
      refTable: 'emails',
      refColumns: ['id'],
      onDelete: 'RESTRICT',
      onUpdate: 'CASCADE',
    });
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

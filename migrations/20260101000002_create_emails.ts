/**
 * `emails` (data-model §2). v2 schema: `address` is unique globally.
 * Beyond the spec: plain index on the FK column `user_id`.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, timestamps, unique } from './support.ts';

const TABLE = 'emails';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').nullable();
    t.string('address', 255).notNullable();
    t.boolean('verified').notNullable();
    timestamps(t);
    unique(t, TABLE, ['address']);
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

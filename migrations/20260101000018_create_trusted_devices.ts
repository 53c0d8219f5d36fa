/**
 * `trusted_devices`: MFA device trust (data-model §4). `user_id` and `device_token` are N* upstream: NOT NULL here.
 * Beyond the spec: plain index on the FK column `user_id`.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, foreign, index, timestamps } from './support.ts';

const TABLE = 'trusted_devices';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('device_token', 128).notNullable();
    datetime(t, 'expires_at').notNullable();
    timestamps(t);
    index(t, TABLE, ['device_token']);
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

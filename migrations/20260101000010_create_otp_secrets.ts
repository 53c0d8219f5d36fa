/**
 * `otp_secrets`: TOTP secret of a user (data-model §3). `user_id` and `secret` are N* upstream: NOT NULL here.
 * Includes `last_validated_step` (a HEAD column, not in v2.7) to block reuse of a TOTP code.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, timestamps, unique } from './support.ts';

const TABLE = 'otp_secrets';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('secret', 255).notNullable();
    timestamps(t);
    t.integer('last_validated_step').nullable();
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

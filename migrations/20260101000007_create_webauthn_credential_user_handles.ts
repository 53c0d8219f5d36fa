/**
 * `webauthn_credential_user_handles`: non-UUID WebAuthn user handles of imported credentials (data-model §3).
 * `user_id` and `handle` are N* upstream: NOT NULL here.
 * Beyond the spec: plain index on the FK column `user_id`.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, timestamps, unique } from './support.ts';

const TABLE = 'webauthn_credential_user_handles';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.uuid('user_id').notNullable();
    t.string('handle', 255).notNullable();
    timestamps(t);
    unique(t, TABLE, ['handle']);
    // Target of the composite FK webauthn_credentials(user_handle_id, user_id).
    unique(t, TABLE, ['id', 'user_id']);
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

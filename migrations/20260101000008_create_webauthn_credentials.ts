/**
 * `webauthn_credentials`: passkeys and security keys (data-model §3). The primary key is the base64url
 * credential id.
 * Beyond the spec: plain indexes on the FK columns `user_id` and `user_handle_id`.
 */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, foreign, index, timestamps } from './support.ts';

const TABLE = 'webauthn_credentials';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.string('id', 255).primary();
    t.uuid('user_id').notNullable();
    t.text('public_key').notNullable();
    t.string('attestation_type', 255).notNullable();
    t.uuid('aaguid').notNullable();
    t.integer('sign_count').notNullable();
    timestamps(t);
    t.string('name', 255).nullable();
    t.boolean('backup_eligible').notNullable().defaultTo(false);
    t.boolean('backup_state').notNullable().defaultTo(false);
    datetime(t, 'last_used_at').nullable();
    t.boolean('mfa_only').notNullable().defaultTo(false);
    t.uuid('user_handle_id').nullable();
    index(t, TABLE, ['user_id']);
    index(t, TABLE, ['user_handle_id', 'user_id']);
    foreign(t, TABLE, {
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
    foreign(t, TABLE, {
      columns: ['user_handle_id'],
      refTable: 'webauthn_credential_user_handles',
      refColumns: ['id'],
      onDelete: 'SET NULL',
      onUpdate: 'CASCADE',
    });
    // The user handle must belong to the credential's user.
    foreign(t, TABLE, {
      name: 'webauthn_credential_user_handle_fkey',
      columns: ['user_handle_id', 'user_id'],
      refTable: 'webauthn_credential_user_handles',
      refColumns: ['id', 'user_id'],
      onDelete: 'NO ACTION',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

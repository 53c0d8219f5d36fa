/**
 * `webauthn_session_data_allowed_credentials`: allowed credential ids of a pending challenge (data-model §4).
 * Beyond the spec: plain index on the FK column `webauthn_session_data_id`. Index / FK names are shortened to
 * stay within the identifier length limit.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, timestamps } from './support.ts';

const TABLE = 'webauthn_session_data_allowed_credentials';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('credential_id', 255).notNullable();
    t.uuid('webauthn_session_data_id').notNullable();
    timestamps(t);
    index(t, TABLE, ['webauthn_session_data_id'], 'webauthn_session_data_allowed_credentials_session_idx');
    foreign(t, TABLE, {
      name: 'webauthn_session_data_allowed_credentials_session_fk',
      columns: ['webauthn_session_data_id'],
      refTable: 'webauthn_session_data',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

/**
 * `webauthn_credential_transports`: transports of a WebAuthn credential (data-model §3). No timestamps.
 * Beyond the spec: plain index on the FK column `webauthn_credential_id`.
 */
import type { Knex } from 'knex';
import { createTable, dropTable, foreign, index, unique } from './support.ts';

const TABLE = 'webauthn_credential_transports';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.string('id', 255).primary();
    t.string('name', 255).notNullable();
    t.string('webauthn_credential_id', 255).notNullable();
    unique(t, TABLE, ['name', 'webauthn_credential_id']);
    index(t, TABLE, ['webauthn_credential_id']);
    foreign(t, TABLE, {
      columns: ['webauthn_credential_id'],
      refTable: 'webauthn_credentials',
      refColumns: ['id'],
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

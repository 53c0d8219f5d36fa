/** `webauthn_session_data`: pending WebAuthn challenges (data-model §4). `user_id` has no FK on purpose. */
import type { Knex } from 'knex';
import { createTable, datetime, dropTable, timestamps, unique } from './support.ts';

const TABLE = 'webauthn_session_data';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('challenge', 255).notNullable();
    t.uuid('user_id').notNullable();
    t.string('user_verification', 255).notNullable();
    t.string('operation', 255).notNullable();
    timestamps(t);
    datetime(t, 'expires_at').nullable();
    unique(t, TABLE, ['challenge']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

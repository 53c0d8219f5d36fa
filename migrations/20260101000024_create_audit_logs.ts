/** `audit_logs` (data-model §7). No FK on `actor_user_id`: entries outlive users. `details` is JSON text. */
import type { Knex } from 'knex';
import { createTable, dropTable, index, timestamps } from './support.ts';

const TABLE = 'audit_logs';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    t.string('type', 255).notNullable();
    t.string('error', 255).nullable();
    t.string('meta_http_request_id', 255).notNullable();
    t.string('meta_source_ip', 255).notNullable();
    t.string('meta_user_agent', 255).notNullable();
    t.uuid('actor_user_id').nullable();
    t.string('actor_email', 255).nullable();
    timestamps(t);
    t.text('details').nullable();
    index(t, TABLE, ['type']);
    index(t, TABLE, ['actor_user_id']);
    index(t, TABLE, ['actor_email']);
    index(t, TABLE, ['meta_http_request_id']);
    index(t, TABLE, ['meta_source_ip']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

/**
 * Our own index (not in upstream): the admin user list pages through users ordered by `(created_at, id)`;
 * without it every page sorts the whole table.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.index(['created_at', 'id'], 'users_created_at_id_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['created_at', 'id'], 'users_created_at_id_idx');
  });
}

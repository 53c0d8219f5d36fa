/** `users`: one row per user account (data-model §2). */
import type { Knex } from 'knex';
import { createTable, dropTable, timestamps } from './support.ts';

const TABLE = 'users';

export async function up(knex: Knex): Promise<void> {
  await createTable(knex, TABLE, (t) => {
    t.uuid('id').primary();
    timestamps(t);
    t.string('name', 255).nullable();
    t.string('family_name', 255).nullable();
    t.string('given_name', 255).nullable();
    t.text('picture').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await dropTable(knex, TABLE);
}

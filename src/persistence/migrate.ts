import type { Knex } from 'knex';
import { migrationSource, migrations } from '../../migrations/index.ts';

const options = (): Knex.MigratorConfig => ({
  migrationSource: migrationSource(),
  tableName: 'knex_migrations',
});

export async function migrateUp(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(options())) as [number, string[]];
  return applied;
}

/** Rolls back `steps` migrations (all of them when steps is Infinity). */
export async function migrateDown(knex: Knex, steps: number): Promise<string[]> {
  const undone: string[] = [];
  for (let i = 0; i < steps; i++) {
    const [, names] = (await knex.migrate.down(options())) as [number, string[]];
    if (names.length === 0) break;
    undone.push(...names);
  }
  return undone;
}

/** Names of migrations that exist in code but are not applied yet. */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list(options())) as [unknown[], Array<{ file: string } | string>];
  return pending.map((p) => (typeof p === 'string' ? p : p.file));
}

export const migrationCount = () => migrations.length;

/**
 * Small helpers shared by the migrations. Keep this file stable: every migration depends on it, so a change
 * here changes what old migrations do. Add new helpers instead of changing existing ones.
 *
 * - Every table is created by exactly one migration through `createTable`.
 * - MySQL / MariaDB commit DDL immediately, so `createTable` removes a half-created table when one of the
 *   follow-up statements (indexes, foreign keys) fails. On PostgreSQL the migration transaction does that.
 * - MySQL tables are InnoDB, utf8mb4 with the binary collation `utf8mb4_bin`, so that string comparison and
 *   uniqueness are byte-wise (case-sensitive) exactly like on PostgreSQL. Tokens, challenges and credential
 *   ids are case-sensitive base64url strings, and addresses / usernames are lower-cased by the application.
 */
import type { Knex } from 'knex';

/** Longest identifier both PostgreSQL (63, longer names are silently truncated) and MySQL (64) accept. */
const MAX_IDENTIFIER_LENGTH = 63;

export function isMysql(knex: Knex): boolean {
  return knex.client.dialect === 'mysql';
}

/** Checks an index / constraint name and returns it unchanged. */
export function ident(name: string): string {
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    throw new Error(`identifier "${name}" is longer than ${MAX_IDENTIFIER_LENGTH} characters`);
  }
  return name;
}

/** `timestamp(6) without time zone` on PostgreSQL, `datetime(6)` on MySQL. Values are always UTC. */
export function datetime(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.datetime(name, { useTz: false, precision: 6 });
}

/** `created_at` and `updated_at`, both NOT NULL; the application fills them. */
export function timestamps(table: Knex.CreateTableBuilder): void {
  datetime(table, 'created_at').notNullable();
  datetime(table, 'updated_at').notNullable();
}

/** Plain index named `<table>_<columns>_idx` unless a name is given. */
export function index(
  table: Knex.CreateTableBuilder,
  tableName: string,
  columns: string[],
  name?: string,
): void {
  table.index(columns, ident(name ?? `${tableName}_${columns.join('_')}_idx`));
}

/** Unique index named `<table>_<columns>_idx` unless a name is given. */
export function unique(
  table: Knex.CreateTableBuilder,
  tableName: string,
  columns: string[],
  name?: string,
): void {
  table.unique(columns, { indexName: ident(name ?? `${tableName}_${columns.join('_')}_idx`) });
}

type ReferentialAction = 'CASCADE' | 'RESTRICT' | 'SET NULL' | 'NO ACTION';

export interface ForeignKey {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /** Defaults to `<table>_<refTable>_<refColumns>_fk`. */
  name?: string;
}

export function foreign(table: Knex.CreateTableBuilder, tableName: string, fk: ForeignKey): void {
  const name = ident(fk.name ?? `${tableName}_${fk.refTable}_${fk.refColumns.join('_')}_fk`);
  table
    .foreign(fk.columns, name)
    .references(fk.refColumns)
    .inTable(fk.refTable)
    .onDelete(fk.onDelete)
    .onUpdate(fk.onUpdate);
}

/**
 * Creates one table. Refuses to touch a table that already exists, and on failure (outside a transaction, i.e.
 * always on MySQL) drops the table it has just created so the migration can simply be run again.
 */
export async function createTable(
  knex: Knex,
  tableName: string,
  build: (table: Knex.CreateTableBuilder) => void,
): Promise<void> {
  if (await knex.schema.hasTable(tableName)) {
    throw new Error(`table "${tableName}" already exists; refusing to create it`);
  }
  const mysql = isMysql(knex);
  try {
    await knex.schema.createTable(tableName, (table) => {
      if (mysql) {
        table.engine('InnoDB');
        table.charset('utf8mb4');
        table.collate('utf8mb4_bin');
      }
      build(table);
    });
  } catch (error) {
    // Inside a PostgreSQL transaction everything is rolled back anyway (and the aborted transaction would
    // reject any further statement). MySQL has already committed the CREATE TABLE: undo it.
    if (mysql || !knex.isTransaction) {
      try {
        await knex.schema.dropTableIfExists(tableName);
      } catch {
        // keep the original error
      }
    }
    throw error;
  }
}

export async function dropTable(knex: Knex, tableName: string): Promise<void> {
  await knex.schema.dropTable(tableName);
}

/** `user_metadata`: one row per user with three compact JSON documents (data-model §2). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { fromStored, type MetadataDocs, toStored } from '../../users/metadata.ts';

interface UserMetadataRow {
  user_id: string;
  public_metadata: string | null;
  private_metadata: string | null;
  unsafe_metadata: string | null;
}

const toDocs = (row: UserMetadataRow | undefined): MetadataDocs => ({
  public: fromStored(row?.public_metadata),
  private: fromStored(row?.private_metadata),
  unsafe: fromStored(row?.unsafe_metadata),
});

const COLUMNS = ['user_id', 'public_metadata', 'private_metadata', 'unsafe_metadata'] as const;

/** The user's documents (all null without a row). `forUpdate` locks the row until the transaction ends. */
export async function findUserMetadata(
  db: Knex,
  userId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<MetadataDocs> {
  const q = db<UserMetadataRow>('user_metadata').where({ user_id: userId });
  if (opts.forUpdate) q.forUpdate();
  return toDocs(await q.first(...COLUMNS));
}

export async function listUserMetadataOfUsers(
  db: Knex,
  userIds: string[],
): Promise<Map<string, MetadataDocs>> {
  if (userIds.length === 0) return new Map();
  const rows: UserMetadataRow[] = await db('user_metadata')
    .whereIn('user_id', userIds)
    .select(...COLUMNS);
  return new Map(rows.map((r) => [r.user_id, toDocs(r)]));
}

/** Creates the (empty) row when missing, so that it can be locked; a concurrent insert is not an error. */
export async function ensureUserMetadataRow(db: Knex, userId: string, now: Date): Promise<void> {
  await db('user_metadata')
    .insert({ id: randomUUID(), user_id: userId, created_at: now, updated_at: now })
    .onConflict('user_id')
    .ignore();
}

/** Stores all three documents; the row must exist (`ensureUserMetadataRow`). */
export async function saveUserMetadata(
  db: Knex,
  userId: string,
  docs: MetadataDocs,
  now: Date,
): Promise<void> {
  await db('user_metadata')
    .where({ user_id: userId })
    .update({
      public_metadata: toStored(docs.public),
      private_metadata: toStored(docs.private),
      unsafe_metadata: toStored(docs.unsafe),
      updated_at: now,
    });
}

/**
 * The stored public and unsafe documents as JSON text, exactly as stored (null without a row or value);
 * session JWT templates read them with GJSON paths. Private metadata is not returned.
 */
export async function findTemplateMetadata(
  db: Knex,
  userId: string,
): Promise<{ public: string | null; unsafe: string | null }> {
  const row = await db<UserMetadataRow>('user_metadata')
    .where({ user_id: userId })
    .first('public_metadata', 'unsafe_metadata');
  return { public: row?.public_metadata ?? null, unsafe: row?.unsafe_metadata ?? null };
}

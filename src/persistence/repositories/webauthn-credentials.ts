/** `webauthn_credentials` with their `webauthn_credential_transports` (data-model §3). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface WebauthnCredentialRow {
  id: string;
  user_id: string;
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  backup_eligible: boolean;
  backup_state: boolean;
  last_used_at: Date | null;
  mfa_only: boolean;
  user_handle_id: string | null;
}

export type WebauthnCredential = WebauthnCredentialRow & { transports: string[] };

async function withTransports(db: Knex, rows: WebauthnCredentialRow[]): Promise<WebauthnCredential[]> {
  if (rows.length === 0) return [];
  const transports: Array<{ name: string; webauthn_credential_id: string }> = await db(
    'webauthn_credential_transports',
  )
    .whereIn(
      'webauthn_credential_id',
      rows.map((r) => r.id),
    )
    .orderBy('name')
    .select('name', 'webauthn_credential_id');
  return rows.map((r) => ({
    ...r,
    transports: transports.filter((t) => t.webauthn_credential_id === r.id).map((t) => t.name),
  }));
}

/** The credentials of several users, oldest first. */
export async function listCredentialsOfUsers(db: Knex, userIds: string[]): Promise<WebauthnCredential[]> {
  if (userIds.length === 0) return [];
  const rows = await db<WebauthnCredentialRow>('webauthn_credentials')
    .whereIn('user_id', userIds)
    .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return withTransports(db, rows);
}

export async function findCredential(db: Knex, id: string): Promise<WebauthnCredential | undefined> {
  const row = await db<WebauthnCredentialRow>('webauthn_credentials').where({ id }).first();
  if (!row) return undefined;
  return (await withTransports(db, [row]))[0];
}

/** Deletes a credential (its transports go with it through the foreign key). */
export async function deleteCredential(db: Knex, id: string): Promise<boolean> {
  return (await db('webauthn_credentials').where({ id }).delete()) > 0;
}

/** A credential id lookup that is exact also on MySQL, whose default collation ignores case. */
export async function findCredentialExact(db: Knex, id: string): Promise<WebauthnCredential | undefined> {
  const found = await findCredential(db, id);
  return found && found.id === id ? found : undefined;
}

export interface NewWebauthnCredential {
  id: string;
  user_id: string;
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  name: string | null;
  backup_eligible: boolean;
  backup_state: boolean;
  mfa_only: boolean;
  transports: string[];
  created_at: Date;
}

/** Stores a new credential with its transports (`last_used_at` = `updated_at` = `created_at`). */
export async function insertCredential(db: Knex, c: NewWebauthnCredential): Promise<void> {
  const { transports, ...row } = c;
  await db('webauthn_credentials').insert({
    ...row,
    updated_at: c.created_at,
    last_used_at: c.created_at,
    user_handle_id: null,
  });
  const names = [...new Set(transports)];
  if (names.length === 0) return;
  await db('webauthn_credential_transports').insert(
    names.map((name) => ({ id: randomUUID(), name, webauthn_credential_id: c.id })),
  );
}

/** Records a successful assertion: counter, backup flags and last use. */
export async function recordCredentialUse(
  db: Knex,
  id: string,
  u: { signCount: number; backupEligible: boolean; backupState: boolean; now: Date },
): Promise<void> {
  await db('webauthn_credentials').where({ id }).update({
    sign_count: u.signCount,
    backup_eligible: u.backupEligible,
    backup_state: u.backupState,
    last_used_at: u.now,
    updated_at: u.now,
  });
}

/** The custom user handle of an imported credential (`webauthn_credential_user_handles.handle`). */
export async function findUserHandle(db: Knex, handleId: string): Promise<string | undefined> {
  const row = await db('webauthn_credential_user_handles').where({ id: handleId }).first('handle');
  return row?.handle ?? undefined;
}

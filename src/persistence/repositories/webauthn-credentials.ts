/** `webauthn_credentials` with their `webauthn_credential_transports` (data-model §3). */
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

/** `webauthn_session_data` and `webauthn_session_data_allowed_credentials`: pending WebAuthn ceremonies (data-model §4). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface CeremonyRow {
  id: string;
  challenge: string;
  /** The nil UUID for discoverable logins. */
  user_id: string;
  user_verification: string;
  operation: 'registration' | 'authentication';
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
}

export type Ceremony = CeremonyRow & { allowed_credentials: string[] };

export async function insertCeremony(db: Knex, row: CeremonyRow, allowed: string[]): Promise<void> {
  await db('webauthn_session_data').insert(row);
  if (allowed.length === 0) return;
  await db('webauthn_session_data_allowed_credentials').insert(
    allowed.map((credential_id) => ({
      id: randomUUID(),
      credential_id,
      webauthn_session_data_id: row.id,
      created_at: row.created_at,
      updated_at: row.updated_at,
    })),
  );
}

export async function findCeremony(db: Knex, id: string): Promise<Ceremony | undefined> {
  const row = await db<CeremonyRow>('webauthn_session_data').where({ id }).first();
  if (!row) return undefined;
  const allowed: Array<{ credential_id: string }> = await db('webauthn_session_data_allowed_credentials')
    .where({ webauthn_session_data_id: id })
    .select('credential_id');
  return { ...row, allowed_credentials: allowed.map((a) => a.credential_id) };
}

/** Deletes a ceremony (its allowed credentials go with it); the number of rows deleted (0 or 1). */
export async function deleteCeremony(db: Knex, id: string): Promise<number> {
  return Number(await db('webauthn_session_data').where({ id }).delete());
}

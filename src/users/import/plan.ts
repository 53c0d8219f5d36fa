/**
 * Turns a valid import entry into the rows it will be stored as (ids generated, addresses and usernames
 * lower-cased, timestamps as Dates in UTC, defaults filled), plus the identifiers that must not be taken yet.
 */
import { randomUUID } from 'node:crypto';
import { toStored } from '../metadata.ts';
import type { ImportEntry } from './schema.ts';

export type Row = Record<string, unknown>;

/** Tables in insertion order (foreign keys point backwards only). */
export const TABLES = [
  'users',
  'emails',
  'primary_emails',
  'usernames',
  'webauthn_credential_user_handles',
  'webauthn_credentials',
  'webauthn_credential_transports',
  'password_credentials',
  'otp_secrets',
  'user_metadata',
] as const;
export type ImportTable = (typeof TABLES)[number];

/** A unique identifier of the entry (`kind` names what it is), with where it sits in the entry. */
export interface Claim {
  kind: 'user_id' | 'email' | 'username' | 'credential' | 'user_handle';
  value: string;
  path: string;
}

export interface PlannedUser {
  index: number;
  userId: string;
  /** False when the file gave no user_id (a fresh one was generated). */
  explicitId: boolean;
  claims: Claim[];
  rows: Record<ImportTable, Row[]>;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export function planEntry(entry: ImportEntry, index: number, now: Date): PlannedUser {
  const date = (s: string | null | undefined) => (s ? new Date(s) : now);
  const explicitId = !!entry.user_id;
  const userId = entry.user_id ? entry.user_id.toLowerCase() : randomUUID();
  const createdAt = date(entry.created_at);
  const updatedAt = date(entry.updated_at);
  const stamps = { created_at: createdAt, updated_at: updatedAt };
  const rows = Object.fromEntries(TABLES.map((t) => [t, [] as Row[]])) as Record<ImportTable, Row[]>;
  const claims: Claim[] = [];
  if (explicitId) claims.push({ kind: 'user_id', value: userId, path: '/user_id' });

  rows.users.push({ id: userId, ...stamps });

  for (const [i, email] of (entry.emails ?? []).entries()) {
    const id = randomUUID();
    const address = email.address.toLowerCase();
    claims.push({ kind: 'email', value: address, path: `/emails/${i}/address` });
    rows.emails.push({ id, user_id: userId, address, verified: email.is_verified === true, ...stamps });
    if (email.is_primary === true)
      rows.primary_emails.push({ id: randomUUID(), email_id: id, user_id: userId, ...stamps });
  }

  if (entry.username) {
    const username = entry.username.toLowerCase();
    claims.push({ kind: 'username', value: username, path: '/username' });
    rows.usernames.push({ id: randomUUID(), user_id: userId, username, ...stamps });
  }

  const handleIds = new Map<string, string>();
  for (const [i, cred] of (entry.webauthn_credentials ?? []).entries()) {
    claims.push({ kind: 'credential', value: cred.id, path: `/webauthn_credentials/${i}/id` });
    let handleId: string | null = null;
    if (cred.user_handle) {
      handleId = handleIds.get(cred.user_handle) ?? null;
      if (!handleId) {
        handleId = randomUUID();
        handleIds.set(cred.user_handle, handleId);
        claims.push({
          kind: 'user_handle',
          value: cred.user_handle,
          path: `/webauthn_credentials/${i}/user_handle`,
        });
        rows.webauthn_credential_user_handles.push({
          id: handleId,
          user_id: userId,
          handle: cred.user_handle,
          created_at: now,
          updated_at: now,
        });
      }
    }
    rows.webauthn_credentials.push({
      id: cred.id,
      user_id: userId,
      public_key: cred.public_key,
      attestation_type: cred.attestation_type,
      aaguid: (cred.aaguid ?? ZERO_UUID).toLowerCase(),
      sign_count: cred.sign_count ?? 0,
      created_at: date(cred.created_at),
      updated_at: date(cred.updated_at),
      name: cred.name ?? null,
      backup_eligible: cred.backup_eligible === true,
      backup_state: cred.backup_state === true,
      last_used_at: date(cred.last_used_at),
      mfa_only: cred.mfa_only === true,
      user_handle_id: handleId,
    });
    for (const name of cred.transports ?? [])
      rows.webauthn_credential_transports.push({ id: randomUUID(), name, webauthn_credential_id: cred.id });
  }

  if (entry.password)
    rows.password_credentials.push({
      id: randomUUID(),
      user_id: userId,
      password: entry.password.password,
      created_at: date(entry.password.created_at),
      updated_at: date(entry.password.updated_at),
    });

  if (entry.otp_secret)
    rows.otp_secrets.push({
      id: randomUUID(),
      user_id: userId,
      secret: entry.otp_secret.secret,
      created_at: date(entry.otp_secret.created_at),
      updated_at: date(entry.otp_secret.updated_at),
    });

  const md = entry.metadata;
  const docs = {
    public_metadata: toStored(md?.public_metadata ?? null),
    private_metadata: toStored(md?.private_metadata ?? null),
    unsafe_metadata: toStored(md?.unsafe_metadata ?? null),
  };
  if (docs.public_metadata || docs.private_metadata || docs.unsafe_metadata)
    rows.user_metadata.push({ id: randomUUID(), user_id: userId, ...docs, ...stamps });

  return { index, userId, explicitId, claims, rows };
}

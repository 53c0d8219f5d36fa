/**
 * Read-only: a user with everything the profile object and `GET /users/{id}` show (rest-api.md §9.3, §4.7),
 * loaded in a fixed number of queries.
 */
import type { Knex } from 'knex';

export interface ProfileUserRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  picture: string | null;
}

export interface ProfileEmailRow {
  id: string;
  address: string;
  verified: boolean;
  is_primary: boolean;
  created_at: Date;
}

export interface ProfileIdentityRow {
  id: string;
  provider_user_id: string;
  provider_id: string;
  email_id: string | null;
  user_id: string | null;
  saml_domain: string | null;
}

export interface ProfileTransportRow {
  id: string;
  name: string;
  webauthn_credential_id: string;
}

export interface ProfileCredentialRow {
  id: string;
  user_id: string;
  name: string | null;
  public_key: string;
  attestation_type: string;
  aaguid: string;
  sign_count: number;
  last_used_at: Date | null;
  created_at: Date;
  updated_at: Date;
  backup_eligible: boolean;
  backup_state: boolean;
  mfa_only: boolean;
  user_handle: { id: string; user_id: string; handle: string; created_at: Date; updated_at: Date } | null;
  transports: ProfileTransportRow[];
}

export interface ProfileUsernameRow {
  id: string;
  username: string;
  created_at: Date;
  updated_at: Date;
}

export interface UserProfileRecord {
  user: ProfileUserRow;
  emails: ProfileEmailRow[];
  /** Identities owned by the user, and those linked through one of the user's emails. */
  identities: ProfileIdentityRow[];
  credentials: ProfileCredentialRow[];
  username: ProfileUsernameRow | null;
  metadata: { public_metadata: string | null; unsafe_metadata: string | null } | null;
  hasOtpSecret: boolean;
}

export async function loadUserProfile(db: Knex, userId: string): Promise<UserProfileRecord | undefined> {
  const user = await db<ProfileUserRow>('users')
    .where({ id: userId })
    .first('id', 'created_at', 'updated_at', 'name', 'given_name', 'family_name', 'picture');
  if (!user) return undefined;
  const emails = (
    await db('emails as e')
      .leftJoin('primary_emails as p', 'p.email_id', 'e.id')
      .where('e.user_id', userId)
      .orderBy([{ column: 'e.created_at' }, { column: 'e.id' }])
      .select('e.id', 'e.address', 'e.verified', 'e.created_at', 'p.id as primary_id')
  ).map(({ primary_id, ...e }: ProfileEmailRow & { primary_id: string | null }) => ({
    ...e,
    is_primary: !!primary_id,
  }));
  const emailIds = emails.map((e) => e.id);
  const identities: ProfileIdentityRow[] = await db('identities as i')
    .leftJoin('saml_identities as s', 's.identity_id', 'i.id')
    .where((q) => {
      q.where('i.user_id', userId);
      if (emailIds.length) q.orWhereIn('i.email_id', emailIds);
    })
    .orderBy([{ column: 'i.created_at' }, { column: 'i.id' }])
    .select(
      'i.id',
      'i.provider_user_id',
      'i.provider_id',
      'i.email_id',
      'i.user_id',
      's.domain as saml_domain',
    );
  const creds = await db('webauthn_credentials')
    .where({ user_id: userId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('*');
  const credIds = creds.map((c: { id: string }) => c.id);
  const transports: ProfileTransportRow[] = credIds.length
    ? await db('webauthn_credential_transports')
        .whereIn('webauthn_credential_id', credIds)
        .orderBy('id')
        .select('id', 'name', 'webauthn_credential_id')
    : [];
  const handleIds = creds.map((c: { user_handle_id: string | null }) => c.user_handle_id).filter(Boolean);
  const handles = handleIds.length
    ? await db('webauthn_credential_user_handles')
        .whereIn('id', handleIds)
        .select('id', 'user_id', 'handle', 'created_at', 'updated_at')
    : [];
  const credentials: ProfileCredentialRow[] = creds.map(
    ({
      user_handle_id,
      ...c
    }: Omit<ProfileCredentialRow, 'transports' | 'user_handle'> & { user_handle_id: string | null }) => ({
      ...c,
      user_handle: handles.find((h: { id: string }) => h.id === user_handle_id) ?? null,
      transports: transports.filter((t) => t.webauthn_credential_id === c.id),
    }),
  );
  const username = await db('usernames')
    .where({ user_id: userId })
    .first('id', 'username', 'created_at', 'updated_at');
  const metadata = await db('user_metadata')
    .where({ user_id: userId })
    .first('public_metadata', 'unsafe_metadata');
  const otp = await db('otp_secrets').where({ user_id: userId }).first('id');
  return {
    user,
    emails,
    identities,
    credentials,
    username: username ?? null,
    metadata: metadata ?? null,
    hasOtpSecret: !!otp,
  };
}

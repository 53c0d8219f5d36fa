/** The profile object (rest-api.md §9.3) and the legacy `GET /users/{id}` body (§4.7) from a loaded user. */
import type { Config, ThirdPartyProviderName } from '../config/types.ts';
import type {
  ProfileCredentialRow,
  ProfileIdentityRow,
  UserProfileRecord,
} from '../persistence/repositories/user-profile.ts';

/** Built-in providers in upstream's order, with their display names. */
export const BUILTIN_PROVIDERS: ReadonlyArray<[ThirdPartyProviderName, string]> = [
  ['apple', 'Apple'],
  ['discord', 'Discord'],
  ['github', 'GitHub'],
  ['google', 'Google'],
  ['linkedin', 'LinkedIn'],
  ['microsoft', 'Microsoft'],
  ['facebook', 'Facebook'],
];

/** Display name of an identity's provider (§9.4). */
export function providerDisplayName(identity: ProfileIdentityRow, config: Config): string {
  if (identity.saml_domain !== null) {
    const idp = config.saml.identity_providers.find((p) => p.enabled && p.domain === identity.saml_domain);
    if (idp) return idp.name ?? '';
  } else if (identity.provider_id.startsWith('custom_')) {
    return config.third_party.custom_providers?.[identity.provider_id.slice(7)]?.display_name ?? '';
  } else {
    const builtin = BUILTIN_PROVIDERS.find(([id]) => id === identity.provider_id.toLowerCase());
    if (builtin) return builtin[1];
  }
  return identity.provider_id.trim();
}

const identityResponse = (i: ProfileIdentityRow, config: Config) => ({
  id: i.provider_user_id,
  provider: providerDisplayName(i, config),
  identity_id: i.id,
});

/** The fields of a stored WebAuthn credential that its response shows. */
export interface CredentialFields {
  id: string;
  name: string | null;
  public_key: string;
  attestation_type: string;
  aaguid: string;
  last_used_at: Date | null;
  created_at: Date;
  backup_eligible: boolean;
  backup_state: boolean;
  mfa_only: boolean;
}

/** WebauthnCredentialResponse (rest-api.md §9.2), shared by the profile and the admin API. */
export const webauthnCredentialResponse = (c: CredentialFields, transports: string[]) => ({
  id: c.id,
  ...(c.name !== null ? { name: c.name } : {}),
  public_key: c.public_key,
  attestation_type: c.attestation_type,
  aaguid: c.aaguid,
  ...(c.last_used_at ? { last_used_at: c.last_used_at } : {}),
  created_at: c.created_at,
  transports,
  backup_eligible: c.backup_eligible,
  backup_state: c.backup_state,
  mfa_only: c.mfa_only,
});

export const credentialResponse = (c: ProfileCredentialRow) =>
  webauthnCredentialResponse(
    c,
    c.transports.map((t) => t.name),
  );

/** A stored metadata column as JSON, or undefined when empty, `{}` or unreadable. */
function metadataValue(raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined || raw === '{}' || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function metadataResponse(r: UserProfileRecord): Record<string, unknown> | undefined {
  const pub = metadataValue(r.metadata?.public_metadata);
  const unsafe = metadataValue(r.metadata?.unsafe_metadata);
  if (pub === undefined && unsafe === undefined) return undefined;
  return {
    ...(pub !== undefined ? { public_metadata: pub } : {}),
    ...(unsafe !== undefined ? { unsafe_metadata: unsafe } : {}),
  };
}

const nonEmpty = <T>(key: string, list: T[]) => (list.length ? { [key]: list } : {});
const text = (key: string, v: string | null) => (v ? { [key]: v } : {});

/** ProfileData: `GET /me` and the flow payload `user` (§9.3; flow-api.md §7.1). */
export function profileResponse(r: UserProfileRecord, config: Config): Record<string, unknown> {
  const passkeys = config.passkey.enabled ? r.credentials.filter((c) => !c.mfa_only) : [];
  const securityKeys = config.mfa.security_keys.enabled ? r.credentials.filter((c) => c.mfa_only) : [];
  const emails = r.emails.map((e) => {
    const ids = r.identities.filter((i) => i.email_id === e.id).map((i) => identityResponse(i, config));
    return {
      id: e.id,
      address: e.address,
      is_verified: e.verified,
      is_primary: e.is_primary,
      ...(ids.length ? { identity: ids[0], identities: ids } : {}),
    };
  });
  const identities = r.identities
    .filter((i) => i.user_id === r.user.id)
    .map((i) => identityResponse(i, config));
  const metadata = metadataResponse(r);
  return {
    id: r.user.id,
    user_id: r.user.id,
    ...nonEmpty('passkeys', passkeys.map(credentialResponse)),
    ...nonEmpty('security_keys', securityKeys.map(credentialResponse)),
    mfa_config: {
      auth_app_set_up: r.hasOtpSecret,
      totp_enabled: config.mfa.enabled && config.mfa.totp.enabled,
      security_keys_enabled: config.mfa.enabled && config.mfa.security_keys.enabled,
    },
    ...nonEmpty('emails', emails),
    ...(r.username ? { username: r.username } : {}),
    created_at: r.user.created_at,
    updated_at: r.user.updated_at,
    ...(metadata ? { metadata } : {}),
    ...nonEmpty('identities', identities),
    ...text('name', r.user.name),
    ...text('given_name', r.user.given_name),
    ...text('family_name', r.user.family_name),
    ...text('picture', r.user.picture),
  };
}

/** A raw credential row as the deprecated `webauthn_credentials` of `GET /users/{id}` shows it. */
const rawCredential = (c: ProfileCredentialRow) => ({
  id: c.id,
  name: c.name,
  user_id: c.user_id,
  public_key: c.public_key,
  attestation_type: c.attestation_type,
  aaguid: c.aaguid,
  sign_count: c.sign_count,
  last_used_at: c.last_used_at,
  created_at: c.created_at,
  updated_at: c.updated_at,
  transports: c.transports.map((t) => ({
    ID: t.id,
    Name: t.name,
    WebauthnCredentialID: t.webauthn_credential_id,
    WebauthnCredential: null,
  })),
  backup_eligible: c.backup_eligible,
  backup_state: c.backup_state,
  mfa_only: c.mfa_only,
  ...(c.user_handle ? { user_handle: c.user_handle } : {}),
});

/** `GET /users/{id}` (§4.7): legacy fields first; where names clash with the profile, these win. */
export function userResponse(r: UserProfileRecord, config: Config): Record<string, unknown> {
  const profile = profileResponse(r, config);
  const primary = r.emails.find((e) => e.is_primary);
  const metadata = metadataResponse(r);
  const top: Record<string, unknown> = {
    id: r.user.id,
    ...(primary ? { email: primary.address } : {}),
    ...(r.username ? { username: r.username.username } : {}),
    webauthn_credentials: r.credentials.map(rawCredential),
    updated_at: r.user.updated_at,
    created_at: r.user.created_at,
    ...(metadata ? { metadata } : {}),
  };
  const shadowed = new Set([
    'id',
    'email',
    'username',
    'webauthn_credentials',
    'updated_at',
    'created_at',
    'metadata',
  ]);
  for (const [k, v] of Object.entries(profile)) if (!shadowed.has(k)) top[k] = v;
  return top;
}

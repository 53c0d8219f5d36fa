/**
 * The ordered list of all schema migrations (static imports, no directory scanning, so bundling and the
 * compiled build work the same) and a knex MigrationSource over it.
 *
 * Usage: `knex.migrate.latest({ migrationSource: migrationSource() })`. The names are what knex records in
 * `knex_migrations.name`; never rename or reorder a released migration, only append new ones.
 */
import type { Knex } from 'knex';
import * as createUsers from './20260101000001_create_users.ts';
import * as createEmails from './20260101000002_create_emails.ts';
import * as createPrimaryEmails from './20260101000003_create_primary_emails.ts';
import * as createUsernames from './20260101000004_create_usernames.ts';
import * as createUserMetadata from './20260101000005_create_user_metadata.ts';
import * as createPasswordCredentials from './20260101000006_create_password_credentials.ts';
import * as createWebauthnCredentialUserHandles from './20260101000007_create_webauthn_credential_user_handles.ts';
import * as createWebauthnCredentials from './20260101000008_create_webauthn_credentials.ts';
import * as createWebauthnCredentialTransports from './20260101000009_create_webauthn_credential_transports.ts';
import * as createOtpSecrets from './20260101000010_create_otp_secrets.ts';
import * as createPasscodes from './20260101000011_create_passcodes.ts';
import * as createSessions from './20260101000012_create_sessions.ts';
import * as createIdentities from './20260101000013_create_identities.ts';
import * as createTokens from './20260101000014_create_tokens.ts';
import * as createFlows from './20260101000015_create_flows.ts';
import * as createWebauthnSessionData from './20260101000016_create_webauthn_session_data.ts';
import * as createWebauthnSessionDataAllowedCredentials from './20260101000017_create_webauthn_session_data_allowed_credentials.ts';
import * as createTrustedDevices from './20260101000018_create_trusted_devices.ts';
import * as createSamlIdentities from './20260101000019_create_saml_identities.ts';
import * as createSamlStates from './20260101000020_create_saml_states.ts';
import * as createSamlCertificates from './20260101000021_create_saml_certificates.ts';
import * as createSamlIdpInitiatedRequests from './20260101000022_create_saml_idp_initiated_requests.ts';
import * as createJwks from './20260101000023_create_jwks.ts';
import * as createAuditLogs from './20260101000024_create_audit_logs.ts';
import * as createWebhooks from './20260101000025_create_webhooks.ts';
import * as createWebhookEvents from './20260101000026_create_webhook_events.ts';
import * as createMailOutbox from './20260101000027_create_mail_outbox.ts';
import * as createWebhookOutbox from './20260101000028_create_webhook_outbox.ts';
import * as indexUsersCreatedAt from './20260101000029_index_users_created_at.ts';

export interface SchemaMigration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const migrations: ReadonlyArray<SchemaMigration> = Object.freeze([
  { name: '20260101000001_create_users', up: createUsers.up, down: createUsers.down },
  { name: '20260101000002_create_emails', up: createEmails.up, down: createEmails.down },
  {
    name: '20260101000003_create_primary_emails',
    up: createPrimaryEmails.up,
    down: createPrimaryEmails.down,
  },
  { name: '20260101000004_create_usernames', up: createUsernames.up, down: createUsernames.down },
  { name: '20260101000005_create_user_metadata', up: createUserMetadata.up, down: createUserMetadata.down },
  {
    name: '20260101000006_create_password_credentials',
    up: createPasswordCredentials.up,
    down: createPasswordCredentials.down,
  },
  {
    name: '20260101000007_create_webauthn_credential_user_handles',
    up: createWebauthnCredentialUserHandles.up,
    down: createWebauthnCredentialUserHandles.down,
  },
  {
    name: '20260101000008_create_webauthn_credentials',
    up: createWebauthnCredentials.up,
    down: createWebauthnCredentials.down,
  },
  {
    name: '20260101000009_create_webauthn_credential_transports',
    up: createWebauthnCredentialTransports.up,
    down: createWebauthnCredentialTransports.down,
  },
  { name: '20260101000010_create_otp_secrets', up: createOtpSecrets.up, down: createOtpSecrets.down },
  { name: '20260101000011_create_passcodes', up: createPasscodes.up, down: createPasscodes.down },
  { name: '20260101000012_create_sessions', up: createSessions.up, down: createSessions.down },
  { name: '20260101000013_create_identities', up: createIdentities.up, down: createIdentities.down },
  { name: '20260101000014_create_tokens', up: createTokens.up, down: createTokens.down },
  { name: '20260101000015_create_flows', up: createFlows.up, down: createFlows.down },
  {
    name: '20260101000016_create_webauthn_session_data',
    up: createWebauthnSessionData.up,
    down: createWebauthnSessionData.down,
  },
  {
    name: '20260101000017_create_webauthn_session_data_allowed_credentials',
    up: createWebauthnSessionDataAllowedCredentials.up,
    down: createWebauthnSessionDataAllowedCredentials.down,
  },
  {
    name: '20260101000018_create_trusted_devices',
    up: createTrustedDevices.up,
    down: createTrustedDevices.down,
  },
  {
    name: '20260101000019_create_saml_identities',
    up: createSamlIdentities.up,
    down: createSamlIdentities.down,
  },
  { name: '20260101000020_create_saml_states', up: createSamlStates.up, down: createSamlStates.down },
  {
    name: '20260101000021_create_saml_certificates',
    up: createSamlCertificates.up,
    down: createSamlCertificates.down,
  },
  {
    name: '20260101000022_create_saml_idp_initiated_requests',
    up: createSamlIdpInitiatedRequests.up,
    down: createSamlIdpInitiatedRequests.down,
  },
  { name: '20260101000023_create_jwks', up: createJwks.up, down: createJwks.down },
  { name: '20260101000024_create_audit_logs', up: createAuditLogs.up, down: createAuditLogs.down },
  { name: '20260101000025_create_webhooks', up: createWebhooks.up, down: createWebhooks.down },
  {
    name: '20260101000026_create_webhook_events',
    up: createWebhookEvents.up,
    down: createWebhookEvents.down,
  },
  { name: '20260101000027_create_mail_outbox', up: createMailOutbox.up, down: createMailOutbox.down },
  {
    name: '20260101000028_create_webhook_outbox',
    up: createWebhookOutbox.up,
    down: createWebhookOutbox.down,
  },
  {
    name: '20260101000029_index_users_created_at',
    up: indexUsersCreatedAt.up,
    down: indexUsersCreatedAt.down,
  },
]);

export function migrationSource(): Knex.MigrationSource<SchemaMigration> {
  return {
    getMigrations: async () => [...migrations],
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => ({ up: migration.up, down: migration.down }),
  };
}

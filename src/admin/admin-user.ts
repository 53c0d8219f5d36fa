/**
 * The AdminUser object (rest-api.md §9.6), loaded for many users in a fixed number of queries. `GET /users`
 * shows what upstream's list shows (emails, credentials, username, names); `full` adds password, OTP,
 * identities and metadata, as `GET /users/{id}` and the `user.*` webhook payloads do.
 */
import type { Knex } from 'knex';
import { listEmailsOfUsers } from '../persistence/repositories/emails.ts';
import { listOtpOfUsers } from '../persistence/repositories/otp-secrets.ts';
import { listPasswordsOfUsers } from '../persistence/repositories/password-credentials.ts';
import { listUserMetadataOfUsers } from '../persistence/repositories/user-metadata.ts';
import { findUsers, listUsernamesOfUsers } from '../persistence/repositories/users.ts';
import { listCredentialsOfUsers } from '../persistence/repositories/webauthn-credentials.ts';
import { metadataView } from '../users/metadata.ts';
import { credentialView, emailView } from './views.ts';

interface IdentityRow {
  id: string;
  provider_user_id: string;
  provider_id: string;
  email_id: string | null;
  user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Identities owned by the users, or linked through one of their emails (older rows have no user_id). */
async function listIdentities(db: Knex, userIds: string[], emailIds: string[]): Promise<IdentityRow[]> {
  return db('identities')
    .where((q) => {
      q.whereIn('user_id', userIds);
      if (emailIds.length) q.orWhereIn('email_id', emailIds);
    })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .select('id', 'provider_user_id', 'provider_id', 'email_id', 'user_id', 'created_at', 'updated_at');
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

/** AdminUser objects in the order of `ids`; unknown ids are skipped. */
export async function loadAdminUsers(db: Knex, ids: string[], opts: { full: boolean }): Promise<object[]> {
  const users = await findUsers(db, ids);
  if (users.length === 0) return [];
  const userIds = users.map((u) => u.id);
  const [emails, credentials, usernames] = [
    await listEmailsOfUsers(db, userIds),
    await listCredentialsOfUsers(db, userIds),
    await listUsernamesOfUsers(db, userIds),
  ];
  const full = opts.full
    ? {
        passwords: await listPasswordsOfUsers(db, userIds),
        otps: await listOtpOfUsers(db, userIds),
        metadata: await listUserMetadataOfUsers(db, userIds),
        identities: await listIdentities(
          db,
          userIds,
          emails.map((e) => e.id),
        ),
      }
    : undefined;
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const u = byId.get(id);
    if (!u) return [];
    const ownEmails = emails.filter((e) => e.user_id === id);
    const ownEmailIds = new Set(ownEmails.map((e) => e.id));
    const username = usernames.find((n) => n.user_id === id);
    const password = full?.passwords.find((p) => p.user_id === id);
    const otp = full?.otps.find((o) => o.user_id === id);
    const metadata = full ? metadataView(full.metadata.get(id) ?? {}) : null;
    const identities = (full?.identities ?? []).filter(
      (i) => i.user_id === id || (i.email_id !== null && ownEmailIds.has(i.email_id)),
    );
    return [
      {
        id: u.id,
        webauthn_credentials: nonEmpty(credentials.filter((c) => c.user_id === id).map(credentialView)),
        emails: nonEmpty(ownEmails.map(emailView)),
        username: username
          ? {
              id: username.id,
              username: username.username,
              created_at: username.created_at,
              updated_at: username.updated_at,
            }
          : undefined,
        created_at: u.created_at,
        updated_at: u.updated_at,
        password: password
          ? { id: password.id, created_at: password.created_at, updated_at: password.updated_at }
          : undefined,
        identities: nonEmpty(
          identities.map((i) => ({
            id: i.id,
            provider_id: i.provider_user_id,
            provider_name: i.provider_id,
            email_id: i.email_id,
            created_at: i.created_at,
            updated_at: i.updated_at,
          })),
        ),
        otp: otp ? { id: otp.id, created_at: otp.created_at } : undefined,
        metadata: metadata ?? undefined,
        given_name: u.given_name || undefined,
        family_name: u.family_name || undefined,
        name: u.name || undefined,
        picture: u.picture || undefined,
      },
    ];
  });
}

export async function loadAdminUser(db: Knex, id: string): Promise<object | undefined> {
  return (await loadAdminUsers(db, [id], { full: true }))[0];
}

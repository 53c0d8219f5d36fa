/** Helpers for the admin API suites: a small JSON client and direct database fixtures. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface AdminResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** `call(method, path, body?, headers?)` against the admin server; the body is sent as JSON. */
export function adminClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies loosely
  return async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<AdminResponse<T>> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...defaultHeaders,
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
}

export type AdminCall = ReturnType<typeof adminClient>;

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A user row with an optional primary email and username, written directly. */
export async function seedUser(
  db: Knex,
  opts: { email?: string; username?: string; createdAt?: Date; verified?: boolean } = {},
): Promise<{ id: string; emailId?: string }> {
  const id = randomUUID();
  const at = opts.createdAt ?? new Date();
  await db('users').insert({ id, created_at: at, updated_at: at });
  let emailId: string | undefined;
  if (opts.email) {
    emailId = randomUUID();
    await db('emails').insert({
      id: emailId,
      user_id: id,
      address: opts.email,
      verified: opts.verified ?? true,
      created_at: at,
      updated_at: at,
    });
    await db('primary_emails').insert({
      id: randomUUID(),
      user_id: id,
      email_id: emailId,
      created_at: at,
      updated_at: at,
    });
  }
  if (opts.username) {
    await db('usernames').insert({
      id: randomUUID(),
      user_id: id,
      username: opts.username,
      created_at: at,
      updated_at: at,
    });
  }
  return emailId ? { id, emailId } : { id };
}

/** A passkey (with transports and a user handle) for the user; returns the credential id. */
export async function seedCredential(
  db: Knex,
  userId: string,
  opts: { mfaOnly?: boolean } = {},
): Promise<string> {
  const now = new Date();
  const handleId = randomUUID();
  await db('webauthn_credential_user_handles').insert({
    id: handleId,
    user_id: userId,
    handle: `handle-${randomUUID()}`,
    created_at: now,
    updated_at: now,
  });
  const id = `cred-${randomUUID()}`;
  await db('webauthn_credentials').insert({
    id,
    user_id: userId,
    public_key: 'pQECAyYgASFYIA',
    attestation_type: 'none',
    aaguid: '00000000-0000-0000-0000-000000000000',
    sign_count: 0,
    created_at: now,
    updated_at: now,
    name: 'My key',
    backup_eligible: true,
    backup_state: false,
    mfa_only: opts.mfaOnly ?? false,
    user_handle_id: handleId,
  });
  for (const name of ['internal', 'hybrid']) {
    await db('webauthn_credential_transports').insert({ id: randomUUID(), name, webauthn_credential_id: id });
  }
  return id;
}

/** Every kind of row a user can own, for deletion tests. */
export async function seedEverything(db: Knex, userId: string, emailId: string): Promise<void> {
  const now = new Date();
  const later = new Date(now.getTime() + 3_600_000);
  await seedCredential(db, userId);
  await db('password_credentials').insert({
    id: randomUUID(),
    user_id: userId,
    password: 'x',
    created_at: now,
    updated_at: now,
  });
  await db('otp_secrets').insert({
    id: randomUUID(),
    user_id: userId,
    secret: 'ABC',
    created_at: now,
    updated_at: now,
  });
  await db('user_metadata').insert({
    id: randomUUID(),
    user_id: userId,
    public_metadata: '{"a":1}',
    created_at: now,
    updated_at: now,
  });
  await db('sessions').insert({
    id: randomUUID(),
    user_id: userId,
    expires_at: later,
    last_used: now,
    created_at: now,
    updated_at: now,
  });
  const identityId = randomUUID();
  await db('identities').insert({
    id: identityId,
    provider_user_id: `sub-${randomUUID()}`,
    provider_id: 'google',
    email_id: emailId,
    user_id: userId,
    created_at: now,
    updated_at: now,
  });
  await db('tokens').insert({
    id: randomUUID(),
    user_id: userId,
    value: randomUUID(),
    expires_at: later,
    identity_id: identityId,
    created_at: now,
    updated_at: now,
  });
  await db('passcodes').insert({
    id: randomUUID(),
    user_id: userId,
    email_id: emailId,
    ttl: 300,
    code: 'x',
    try_count: 0,
    created_at: now,
    updated_at: now,
  });
  await db('trusted_devices').insert({
    id: randomUUID(),
    user_id: userId,
    device_token: randomUUID(),
    expires_at: later,
    created_at: now,
    updated_at: now,
  });
}

/** Rows per user-owned table that reference `userId` (directly or through its emails / credentials). */
export async function ownedRowCounts(db: Knex, userId: string): Promise<Record<string, number>> {
  const count = async (table: string, column = 'user_id') => {
    const [row] = await db(table).where(column, userId).count({ n: '*' });
    return Number(row?.n ?? 0);
  };
  const tables = [
    'users',
    'emails',
    'primary_emails',
    'usernames',
    'webauthn_credentials',
    'webauthn_credential_user_handles',
    'password_credentials',
    'otp_secrets',
    'user_metadata',
    'sessions',
    'identities',
    'tokens',
    'passcodes',
    'trusted_devices',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await count(t, t === 'users' ? 'id' : 'user_id');
  const [transports] = await db('webauthn_credential_transports as t')
    .join('webauthn_credentials as c', 'c.id', 't.webauthn_credential_id')
    .where('c.user_id', userId)
    .count({ n: '*' });
  out.webauthn_credential_transports = Number(transports?.n ?? 0);
  return out;
}

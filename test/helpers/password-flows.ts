/** Helpers of the password flow tests: cheap argon2 settings, seeded users, flow shortcuts. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { merge, type RawConfig, type TestRuntime } from './app.ts';
import type { FlowClient, FlowState } from './flow-client.ts';

/** Mail through the test SMTP server, fast hashing, no MFA/passkeys unless a test turns them on. */
export const passwordConfig = (smtpPort: number, extra: RawConfig = {}): RawConfig => {
  const base: RawConfig = {
    email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtpPort) } },
    password: { enabled: true, argon2: { memory: 1024, iterations: 1, parallelism: 1 } },
    passkey: { enabled: false },
    mfa: { enabled: false },
  };
  return merge(base, extra);
};

/** A user written straight into the database (verified primary email, optional username and password hash). */
export async function seedUser(
  db: Knex,
  u: { email?: string; username?: string; passwordHash?: string },
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db('users').insert({ id, created_at: now, updated_at: now });
  if (u.email) {
    const emailId = randomUUID();
    await db('emails').insert({
      id: emailId,
      user_id: id,
      address: u.email,
      verified: true,
      created_at: now,
      updated_at: now,
    });
    await db('primary_emails').insert({
      id: randomUUID(),
      user_id: id,
      email_id: emailId,
      created_at: now,
      updated_at: now,
    });
  }
  if (u.username) {
    await db('usernames').insert({
      id: randomUUID(),
      user_id: id,
      username: u.username,
      created_at: now,
      updated_at: now,
    });
  }
  if (u.passwordHash) {
    await db('password_credentials').insert({
      id: randomUUID(),
      user_id: id,
      password: u.passwordHash,
      created_at: now,
      updated_at: now,
    });
  }
  return id;
}

/** Seeds a user whose password is hashed by the runtime's own hasher. */
export async function seedUserWithPassword(
  rt: TestRuntime,
  u: { email?: string; username?: string; password: string },
): Promise<string> {
  const passwordHash = await rt.services.passwords.hash(u.password);
  return seedUser(rt.services.db.knex, { ...u, passwordHash });
}

/** Starts a flow and answers `preflight`. */
export async function begin(
  client: FlowClient,
  flow: 'login' | 'registration',
  webauthnAvailable = false,
): Promise<FlowState> {
  const first = await client.start(flow);
  assert.equal(first.name, 'preflight');
  return client.run(first, 'register_client_capabilities', {
    webauthn_available: webauthnAvailable,
    webauthn_platform_authenticator_available: webauthnAvailable,
  });
}

/** The input error code of `input` on `action` in a stay response. */
export function inputErrorCode(s: FlowState, action: string, input: string): string | undefined {
  const i = s.actions[action]?.inputs[input] as { error?: { code: string } } | undefined;
  return i?.error?.code;
}

/** Action names offered in a state, sorted. */
export const offered = (s: FlowState): string[] => Object.keys(s.actions).sort();

export async function passwordHashOf(db: Knex, userId: string): Promise<string | undefined> {
  const row = await db('password_credentials').where({ user_id: userId }).first('password');
  return row?.password;
}

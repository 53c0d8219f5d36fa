/** Password rules and storage shared by the flow actions that set or check a password (flow-api.md §4.4–4.5, §4.13). */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { MAX_PASSWORD_BYTES, type PasswordHasher } from '../crypto/password.ts';
import {
  findPasswordHash,
  findPasswordOfUser,
  insertPassword,
  updatePasswordHash,
} from '../persistence/repositories/password-credentials.ts';
import { findUserSummary } from '../persistence/repositories/users.ts';
import { inputError } from './engine/errors.ts';
import type { FlowRuntime } from './engine/types.ts';
import { sendSecurityNotification } from './security-notification.ts';

/** Stash key of a new password's hash until it is stored (login: `save_password`; registration: `create_user`). */
export const NEW_PASSWORD_HASH = 'new_password_hash';

/**
 * Checks a new password beyond the byte-based input validation: at least `password.min_length` Unicode
 * characters (an empty optional value fails here too) and at most 72 bytes. Throws the input error.
 */
export function assertNewPasswordAllowed(ctx: FlowRuntime, input: string, password: string): void {
  if ([...password].length < ctx.services.config.password.min_length) {
    throw inputError(input, 'value_invalid_error');
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    throw inputError(input, 'value_too_long_error');
}

const dummies = new WeakMap<PasswordHasher, Promise<string>>();

/** An argon2id hash of a random value with the configured parameters, to verify against when there is no hash. */
function dummyHash(hasher: PasswordHasher): Promise<string> {
  let h = dummies.get(hasher);
  if (!h) {
    h = hasher.hash(randomBytes(24).toString('base64url'));
    dummies.set(hasher, h);
  }
  return h;
}

/**
 * Verifies `password` for `userId`. Unknown users and users without a password verify against a dummy hash,
 * so that every wrong-credentials answer costs the same work. Returns the stored hash on success.
 */
export async function verifyPassword(
  ctx: FlowRuntime,
  userId: string | undefined,
  password: string,
): Promise<{ ok: true; stored: string } | { ok: false }> {
  const hasher = ctx.services.passwords;
  const stored = userId ? await findPasswordHash(ctx.services.db.knex, userId) : undefined;
  if (!stored) {
    await hasher.verify(await dummyHash(hasher), password);
    return { ok: false };
  }
  return (await hasher.verify(stored, password)) ? { ok: true, stored } : { ok: false };
}

/**
 * Queues "create or replace the user's password" with its audit entry; when a password was replaced, the
 * `password_update` security notification goes to the primary address (if enabled).
 */
export function queuePasswordWrite(
  ctx: FlowRuntime,
  userId: string,
  hash: string,
  context?: 'recovery',
): void {
  const now = ctx.services.now();
  ctx.write(async (trx) => {
    const replaced = await storePassword(trx, userId, hash, now);
    const user = await findUserSummary(trx, userId);
    const email = user?.email?.address ?? null;
    await ctx.services.audit.write(trx, ctx.meta, {
      type: 'password_changed',
      user: { id: userId, email },
      details: { flow_id: ctx.flowId, ...(context ? { context } : {}) },
    });
    if (replaced)
      await sendSecurityNotification(trx, ctx, { userId, to: email, template: 'password_update' });
  });
}

/** Creates or replaces the password row; true when one existed. */
export async function storePassword(db: Knex, userId: string, hash: string, now: Date): Promise<boolean> {
  if (await findPasswordOfUser(db, userId)) {
    await updatePasswordHash(db, userId, hash, now);
    return true;
  }
  await insertPassword(db, userId, hash, now);
  return false;
}

/**
 * Upgrades a verified hash (e.g. an imported bcrypt one) to `fresh`, unless the password was changed meanwhile:
 * a concurrent change must never be overwritten by the old password.
 */
export async function replaceOutdatedHash(
  trx: Knex.Transaction,
  userId: string,
  stored: string,
  fresh: string,
  now: Date,
): Promise<void> {
  await trx('password_credentials')
    .where({ user_id: userId, password: stored })
    .update({ password: fresh, updated_at: now });
}

/**
 * Email passcodes over the `passcodes` table. Every function takes the caller's transaction (or knex).
 *
 * - The code column holds `hashPasscode(keys[0], id, code)`; verification accepts any of `keys`, so a passcode
 *   survives a rotation of `secrets.keys` that keeps the old secret.
 * - Expiry: `created_at + ttl` seconds (still valid at exactly that instant).
 * - At most MAX_PASSCODE_TRIES wrong codes. The wrong try that reaches the limit answers 'too_many_attempts'
 *   and locks the passcode: every later check answers 'too_many_attempts' as well, even with the right code
 *   (flow-api §4.7: "3rd wrong code, and every later attempt" → 401), so a new passcode is needed.
 * - Single use: a correct code deletes the row (conditionally, so two concurrent checks cannot both succeed).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { deriveKey } from '../crypto/aes-gcm.ts';
import { generatePasscode, hashPasscode, type PasscodeCharset, verifyPasscode } from '../crypto/passcode.ts';

export const MAX_PASSCODE_TRIES = 3;

export type PasscodeCheck = 'ok' | 'invalid' | 'expired' | 'too_many_attempts' | 'not_found';

export interface PasscodeRow {
  id: string;
  user_id: string | null;
  email_id: string | null;
  ttl: number;
  code: string;
  try_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface CreatePasscodeInput {
  /** A pre-chosen id (the flow stashes it before the write commits); random when absent. */
  id?: string;
  userId: string | null;
  emailId: string | null;
  ttlSeconds: number;
  now: Date;
}

export interface CheckPasscodeInput {
  id: string;
  code: string;
  now: Date;
}

export interface PasscodeService {
  /** Stores a new passcode (its HMAC) and returns the id and the clear code for the email. */
  createPasscode(trx: Knex, input: CreatePasscodeInput): Promise<{ id: string; code: string }>;
  checkPasscode(trx: Knex, input: CheckPasscodeInput): Promise<PasscodeCheck>;
  /** True when the passcode exists, is unexpired and not locked (the "do not send again" test of §4.7). */
  isUsable(trx: Knex, id: string, now: Date): Promise<boolean>;
}

export interface PasscodeServiceOptions {
  /** Configured secrets; the first one hashes new passcodes, all of them verify. */
  secrets: string[];
  charset: PasscodeCharset | '';
}

// PostgreSQL rejects a malformed uuid literal with an error; such an id simply does not exist.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows deleted. knex-pglite answers `.delete()` with the raw result instead of the count. */
const deletedCount = (r: unknown): number =>
  typeof r === 'number' ? r : Number((r as { rowCount?: number } | null)?.rowCount ?? 0);

const isExpired = (row: PasscodeRow, now: Date): boolean =>
  row.created_at.getTime() + row.ttl * 1000 < now.getTime();

export function createPasscodeService(opts: PasscodeServiceOptions): PasscodeService {
  if (opts.secrets.length === 0) throw new Error('passcodes: at least one secret is required');
  const keys = opts.secrets.map((s) => deriveKey(s, 'passcode'));
  const charset: PasscodeCharset = opts.charset === 'alphanumeric' ? 'alphanumeric' : 'numeric';
  const matches = (row: PasscodeRow, code: string) =>
    keys.some((key) => verifyPasscode(key, row.id, code, row.code));

  return {
    async createPasscode(trx, input) {
      if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) {
        throw new Error('passcodes: ttlSeconds must be a positive integer');
      }
      const id = (input.id ?? randomUUID()).toLowerCase();
      const code = generatePasscode(charset);
      await trx('passcodes').insert({
        id,
        user_id: input.userId,
        email_id: input.emailId,
        ttl: input.ttlSeconds,
        code: hashPasscode(keys[0]!, id, code),
        try_count: 0,
        created_at: input.now,
        updated_at: input.now,
      });
      return { id, code };
    },

    async checkPasscode(trx, { id: rawId, code, now }) {
      if (!UUID.test(rawId)) return 'not_found';
      const id = rawId.toLowerCase();
      // Row lock: concurrent checks of one passcode are serialised, so the try counter cannot be skipped.
      const row = await trx<PasscodeRow>('passcodes').where({ id }).forUpdate().first();
      if (!row) return 'not_found';
      if (row.try_count >= MAX_PASSCODE_TRIES) return 'too_many_attempts';
      if (isExpired(row, now)) return 'expired';
      if (matches(row, code)) {
        const deleted = deletedCount(await trx('passcodes').where({ id }).delete());
        return deleted === 1 ? 'ok' : 'not_found';
      }
      const tries = row.try_count + 1;
      await trx('passcodes').where({ id }).update({ try_count: tries, updated_at: now });
      return tries >= MAX_PASSCODE_TRIES ? 'too_many_attempts' : 'invalid';
    },

    async isUsable(trx, id, now) {
      if (!UUID.test(id)) return false;
      const row = await trx<PasscodeRow>('passcodes').where({ id: id.toLowerCase() }).first();
      return !!row && row.try_count < MAX_PASSCODE_TRIES && !isExpired(row, now);
    },
  };
}

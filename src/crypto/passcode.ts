/**
 * One-time email passcodes: generation (CSPRNG), keyed hashing and constant-time verification.
 *
 * Codes are stored as HMAC-SHA256 (keyed with `deriveKey(secret, 'passcode')`) over the passcode id and the
 * code, so a stored hash is useless for another passcode row and cannot be brute-forced without the secret.
 * Alphanumeric codes use upper-case letters only, without look-alikes (no 0/O, no 1/I; lower-case l cannot occur), and are compared
 * case-insensitively, so a user may type them in either case.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export type PasscodeCharset = 'numeric' | 'alphanumeric';

export const PASSCODE_LENGTH = 6;

const ALPHABETS: Record<PasscodeCharset, string> = {
  numeric: '0123456789',
  alphanumeric: '23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
};

export function generatePasscode(charset: PasscodeCharset): string {
  const alphabet = ALPHABETS[charset];
  let code = '';
  for (let i = 0; i < PASSCODE_LENGTH; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** What the user typed → the form that is hashed (surrounding blanks dropped, letters upper-cased). */
export function normalizePasscode(code: string): string {
  return code.trim().toUpperCase();
}

/** Hex HMAC-SHA256 of `<passcodeId>:<normalised code>`. */
export function hashPasscode(key: Buffer, passcodeId: string, code: string): string {
  return createHmac('sha256', key)
    .update(`${passcodeId}:${normalizePasscode(code)}`)
    .digest('hex');
}

export function verifyPasscode(key: Buffer, passcodeId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(hashPasscode(key, passcodeId, code), 'utf8');
  const stored = Buffer.from(storedHash, 'utf8');
  if (stored.length !== expected.length) return false;
  return timingSafeEqual(expected, stored);
}

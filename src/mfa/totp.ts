/**
 * TOTP (RFC 6238 over RFC 4226 HOTP) with the parameters authenticator apps expect and upstream uses: HMAC-SHA1,
 * 6 digits, 30-second steps, one step of clock skew either way. Secrets are 20 random bytes, base32 without
 * padding. Verification returns the matched time step so the caller can refuse any step it already accepted.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted on either side of the current one. */
export const TOTP_SKEW_STEPS = 1;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive; spaces, dashes and `=` padding ignored). Undefined when not base32. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 20 random bytes (160 bits, the HMAC-SHA1 block recommendation of RFC 4226), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The `otpauth://` key URI authenticator apps import (label `<issuer>:<account>`). */
export function totpUri(args: { issuer: string; account: string; secret: string }): string {
  const issuer = encodeURIComponent(args.issuer);
  const account = encodeURIComponent(args.account);
  return (
    `otpauth://totp/${issuer}:${account}?secret=${args.secret}&issuer=${issuer}` +
    `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`
  );
}

/** The time step of an instant. */
export const totpStep = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The HOTP value of `key` for `counter`, as a zero-padded decimal string. */
export function hotp(key: Uint8Array, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** The code of `secret` (base32) at `now`; mainly for tests and tooling. */
export function totpCode(secret: string, now: Date): string {
  const key = base32Decode(secret);
  if (!key) throw new Error('totp: secret is not base32');
  return hotp(key, totpStep(now));
}

/**
 * Checks `code` against `secret` at `now` ±1 step. Returns the matched step, or undefined when the code is
 * malformed, wrong, or only matches a step ≤ `notAfterStep` (an already accepted one: a code works once).
 * Every candidate step is compared in constant time and none is skipped early.
 */
export function verifyTotp(
  secret: string,
  code: unknown,
  now: Date,
  notAfterStep?: number | null,
): number | undefined {
  if (typeof code !== 'string') return undefined;
  const given = code.trim();
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(given)) return undefined;
  const key = base32Decode(secret);
  if (!key || key.length === 0) return undefined;
  const givenBuf = Buffer.from(given);
  const current = totpStep(now);
  let matched: number | undefined;
  for (let step = current - TOTP_SKEW_STEPS; step <= current + TOTP_SKEW_STEPS; step++) {
    const equal = timingSafeEqual(Buffer.from(hotp(key, step)), givenBuf);
    const fresh = notAfterStep === undefined || notAfterStep === null || step > notAfterStep;
    if (equal && fresh && matched === undefined) matched = step;
  }
  return matched;
}

/** A 200×200 PNG QR code of `uri` as a data URL (`payload.otp_image_source`). */
export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { type: 'image/png', width: 200, margin: 1, errorCorrectionLevel: 'M' });
}

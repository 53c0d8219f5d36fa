import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A 256-bit key derived from a configured secret with HKDF-SHA256 (domain-separated by `purpose`). */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `hanko-ts:${purpose}`, 32),
  );
}

/** A short, non-secret identifier of a secret, so stored data can name the secret that encrypted it. */
export function secretFingerprint(secret: string): string {
  return createHmac('sha256', deriveKey(secret, 'fingerprint'))
    .update('fingerprint')
    .digest('base64url')
    .slice(0, 16);
}

/** AES-256-GCM; output `v1.<base64url(nonce | ciphertext | tag)>`. */
export function encrypt(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function decrypt(key: Buffer, sealed: string): string {
  const [version, data] = sealed.split('.', 2);
  if (version !== VERSION || !data) throw new Error('unsupported ciphertext format');
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 12 + 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

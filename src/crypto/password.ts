import argon2 from 'argon2';
import type { Config } from '../config/types.ts';

/** Longest accepted password in bytes: keeps hashing bounded and matches upstream's bcrypt limit. */
export const MAX_PASSWORD_BYTES = 72;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** True when `password` matches `stored` (argon2id, or an imported bcrypt hash). */
  verify(stored: string, password: string): Promise<boolean>;
  /** True when `stored` should be replaced by a fresh hash after a successful verify. */
  needsRehash(stored: string): boolean;
}

export function createPasswordHasher(config: Config): PasswordHasher {
  const p = config.password.argon2;
  const options = {
    type: argon2.argon2id,
    memoryCost: p.memory,
    timeCost: p.iterations,
    parallelism: p.parallelism,
  } as const;
  return {
    hash: (password) => argon2.hash(password, options),
    async verify(stored, password) {
      if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return false;
      if (stored.startsWith('$argon2')) {
        try {
          return await argon2.verify(stored, password);
        } catch {
          return false;
        }
      }
      if (/^\$2[aby]\$/.test(stored)) {
        const { verifyBcrypt } = await import('./bcrypt.ts');
        return verifyBcrypt(stored, password);
      }
      if (stored.startsWith('$fbscrypt$')) {
        const { verifyFirebaseScrypt } = await import('./firebase-scrypt.ts');
        return verifyFirebaseScrypt(stored, password).catch(() => false);
      }
      return false;
    },
    needsRehash(stored) {
      if (!stored.startsWith('$argon2id$')) return true;
      return argon2.needsRehash(stored, options);
    },
  };
}

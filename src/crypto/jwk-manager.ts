import { generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type CryptoKey,
  createLocalJWKSet,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Knex } from 'knex';
import { decrypt, deriveKey, encrypt, secretFingerprint } from './aes-gcm.ts';

const generate = promisify(generateKeyPair);
export const JWT_ALG = 'RS256';
const RSA_BITS = 4096;

interface KeyRow {
  id: number;
  key_data: string;
  created_at: Date;
}

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  privateKey: CryptoKey;
}

/** Creates an RSA private JWK for RS256 signing (`kid` random unless given). */
export async function createSigningJwk(kid: string = randomUUID()): Promise<JWK> {
  const { privateKey } = await generate('rsa', { modulusLength: RSA_BITS });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { ...jwk, kid, alg: JWT_ALG, use: 'sig' };
}

const publicPart = (jwk: JWK): JWK => ({
  kty: jwk.kty,
  kid: jwk.kid,
  alg: JWT_ALG,
  use: 'sig',
  n: jwk.n,
  e: jwk.e,
});

/**
 * Signing keys, one per configured secret. Each stored key is `<fingerprint of its secret>.<AES-GCM blob>`,
 * so keys follow their secret through reordering; the key of `secrets.keys[0]` signs, all are published.
 */
export class JwkManager {
  /** The published keys as a verifier, built once (importing keys on every verification is expensive). */
  private readonly keySet: ReturnType<typeof createLocalJWKSet>;

  private constructor(
    private readonly signing: LoadedKey,
    private readonly all: LoadedKey[],
  ) {
    this.keySet = createLocalJWKSet({ keys: all.map((k) => k.publicJwk) });
  }

  /**
   * @param pregenerated a key generation started earlier (e.g. while a new embedded database initialises);
   *   used for the first secret that has no stored key, so a first start does not wait for it twice.
   */
  static async open(knex: Knex, secrets: string[], pregenerated?: Promise<JWK>): Promise<JwkManager> {
    if (secrets.length === 0) throw new Error('secrets.keys: at least one key is required');
    const rows: KeyRow[] = await knex('jwks').select('id', 'key_data', 'created_at').orderBy('id', 'asc');
    const loaded: LoadedKey[] = [];
    for (const secret of secrets) {
      const fp = secretFingerprint(secret);
      const key = deriveKey(secret, 'jwk');
      const row = rows.find((r) => r.key_data.startsWith(`${fp}.`));
      let jwk: JWK;
      if (row) {
        jwk = JSON.parse(decrypt(key, row.key_data.slice(fp.length + 1))) as JWK;
      } else {
        jwk = await (pregenerated ?? createSigningJwk());
        pregenerated = undefined;
        await knex('jwks').insert({
          key_data: `${fp}.${encrypt(key, JSON.stringify(jwk))}`,
          created_at: new Date(),
        });
      }
      loaded.push({
        kid: jwk.kid as string,
        publicJwk: publicPart(jwk),
        privateKey: (await importJWK(jwk, JWT_ALG)) as CryptoKey,
      });
    }
    return new JwkManager(loaded[0] as LoadedKey, loaded);
  }

  get signingKid(): string {
    return this.signing.kid;
  }

  publicJwks(): { keys: JWK[] } {
    return { keys: this.all.map((k) => k.publicJwk) };
  }

  async sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: JWT_ALG, kid: this.signing.kid, typ: 'JWT' })
      .sign(this.signing.privateKey);
  }

  /** Verifies signature (RS256 only) and expiry; throws on any failure. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet(this.publicJwks()), {
      algorithms: [JWT_ALG],
    });
    return payload;
  }
}

import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SoftAuthenticator } from '../test/helpers/authenticator.ts';

export const BENCH_ORIGIN = 'http://localhost:8888';

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');

/**
 * Gives each of `userIds` a passkey held by a software authenticator (real keys, real COSE), stored like a
 * registered credential. Returns the authenticator and the credential id per user.
 */
export async function seedPasskeys(
  knex: Knex,
  userIds: string[],
): Promise<{ auth: SoftAuthenticator; ids: string[] }> {
  const auth = new SoftAuthenticator({ origin: BENCH_ORIGIN });
  const ids: string[] = [];
  const now = new Date();
  const rows = userIds.map((userId) => {
    const res = auth.create({
      publicKey: {
        rp: { id: 'localhost', name: 'bench' },
        user: { id: uuidBytes(userId), name: userId, displayName: userId },
        challenge: randomBytes(32).toString('base64url'),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required' },
      },
    });
    const cred = auth.credential(res.id);
    if (!cred) throw new Error('bench: no credential');
    ids.push(res.id);
    return {
      id: res.id,
      user_id: userId,
      public_key: cred.cose.toString('base64url'),
      attestation_type: 'none',
      aaguid: '00000000-0000-0000-0000-000000000000',
      sign_count: 0,
      backup_eligible: false,
      backup_state: false,
      mfa_only: false,
      created_at: now,
      updated_at: now,
    };
  });
  await knex('webauthn_credentials').insert(rows);
  return { auth, ids };
}

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from '@simplewebauthn/server';
import argon2 from 'argon2';
import { jwtVerify, SignJWT } from 'jose';
import type { Config } from '../src/config/types.ts';
import { SoftAuthenticator } from '../test/helpers/authenticator.ts';

/** Operations per second of `op` with `concurrency` in flight, over `seconds`. */
async function opsPerSecond(
  op: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await op();
        done++;
      }
    }),
  );
  return done / seconds;
}

export interface CryptoLimits {
  argon2idVerify: number;
  rs256Sign: number;
  rs256Verify: number;
  es256Sign: number;
  es256Verify: number;
  webauthnAssertionVerify: number;
}

/** @simplewebauthn/server assertion verification of one ES256 passkey (as the server does it), per second. */
async function webauthnVerifyRate(seconds: number): Promise<number> {
  const origin = 'http://localhost:8888';
  const auth = new SoftAuthenticator({ origin });
  const created = auth.create({
    publicKey: {
      rp: { id: 'localhost', name: 'bench' },
      user: { id: randomBytes(16).toString('base64url'), name: 'u', displayName: 'u' },
      challenge: randomBytes(32).toString('base64url'),
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    },
  });
  const cred = auth.credential(created.id);
  if (!cred) throw new Error('bench: no credential');
  const challenge = randomBytes(32).toString('base64url');
  const assertion = auth.get({ publicKey: { rpId: 'localhost', challenge } }, { credentialId: created.id });
  const verify = () =>
    verifyAuthenticationResponse({
      response: assertion as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: 'localhost',
      credential: { id: created.id, publicKey: new Uint8Array(cred.cose), counter: 0 },
      requireUserVerification: false,
    }).then((r) => {
      if (!r.verified) throw new Error('bench: assertion not verified');
    });
  return opsPerSecond(verify, seconds, 1);
}

/** In-process crypto limits with the configured argon2id parameters and the server's key sizes. */
export async function measureCrypto(config: Config, seconds: number): Promise<CryptoLimits> {
  const p = config.password.argon2;
  const hash = await argon2.hash('correct horse battery staple', {
    type: argon2.argon2id,
    memoryCost: p.memory,
    timeCost: p.iterations,
    parallelism: p.parallelism,
  });
  const argon2idVerify = await opsPerSecond(
    () => argon2.verify(hash, 'correct horse battery staple'),
    seconds,
    4,
  );
  const rsa = generateKeyPairSync('rsa', { modulusLength: 4096 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const claims = { sub: '6f1e7c1a-0000-4000-8000-000000000001', session_id: 'x', aud: ['localhost'] };
  const rsToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuedAt()
    .sign(rsa.privateKey);
  const esToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuedAt()
    .sign(ec.privateKey);
  return {
    argon2idVerify,
    rs256Sign: await opsPerSecond(
      () => new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey),
      seconds,
      1,
    ),
    rs256Verify: await opsPerSecond(
      () => jwtVerify(rsToken, rsa.publicKey, { algorithms: ['RS256'] }),
      seconds,
      1,
    ),
    es256Sign: await opsPerSecond(
      () => new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey),
      seconds,
      1,
    ),
    es256Verify: await opsPerSecond(
      () => jwtVerify(esToken, ec.publicKey, { algorithms: ['ES256'] }),
      seconds,
      1,
    ),
    webauthnAssertionVerify: await webauthnVerifyRate(seconds),
  };
}

/**
 * A software WebAuthn authenticator for tests: real keys (node:crypto, ES256 or RS256), real COSE public keys,
 * authenticator data (RP id hash, flags, counter, AAGUID), clientDataJSON, `none` or `packed` self
 * attestation and signed assertions — so that the server's verification really runs. Responses have the JSON
 * shape of @github/webauthn-json (what the SDK sends); every field can be falsified for negative tests.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { cbor } from './cbor.ts';

export type Algorithm = 'ES256' | 'RS256';
export type AttestationFormat = 'none' | 'packed';

const COSE_ALG: Record<Algorithm, number> = { ES256: -7, RS256: -257 };
const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export interface SoftCredential {
  id: Buffer;
  alg: Algorithm;
  privateKey: KeyObject;
  cose: Buffer;
  /** The user handle given at creation (`user.id` of the creation options). */
  userHandle: Buffer;
  rpId: string;
  counter: number;
  /** false for a non-resident credential (security key): assertions then carry no user handle. */
  resident: boolean;
}

export interface AuthenticatorOptions {
  /** The origin the "browser" reports in clientDataJSON. */
  origin: string;
  alg?: Algorithm;
  format?: AttestationFormat;
  aaguid?: string;
  /** Backup eligible / backed up flags. */
  backupEligible?: boolean;
  backupState?: boolean;
  userVerified?: boolean;
  transports?: string[];
  /** Counter step per assertion (0 = an authenticator without counter, like synced passkeys). */
  counterStep?: number;
}

export interface CreateOverrides {
  origin?: string;
  rpId?: string;
  challenge?: string;
  type?: string;
  alg?: Algorithm;
  format?: AttestationFormat;
  /** Corrupt the attestation signature (packed). */
  badSignature?: boolean;
  userPresent?: boolean;
}

export interface GetOverrides {
  credentialId?: string;
  origin?: string;
  rpId?: string;
  challenge?: string;
  type?: string;
  /** Explicit user handle bytes; `null` sends none. */
  userHandle?: Buffer | null;
  /** Explicit counter value (not stored). */
  counter?: number;
  badSignature?: boolean;
}

interface PublicKeyCreation {
  publicKey: {
    rp: { id: string };
    user: { id: string };
    challenge: string;
    authenticatorSelection?: { residentKey?: string };
  };
}

interface PublicKeyRequest {
  publicKey: { challenge: string; rpId: string; allowCredentials?: Array<{ id: string }> };
}

function keyPair(alg: Algorithm): { privateKey: KeyObject; cose: Buffer } {
  if (alg === 'ES256') {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = cbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x as string, 'base64url')],
        [-3, Buffer.from(jwk.y as string, 'base64url')],
      ]),
    );
    return { privateKey, cose };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = cbor(
    new Map<number, number | Uint8Array>([
      [1, 3],
      [3, -257],
      [-1, Buffer.from(jwk.n as string, 'base64url')],
      [-2, Buffer.from(jwk.e as string, 'base64url')],
    ]),
  );
  return { privateKey, cose };
}

/** ES256 signatures come out DER-encoded and RS256 as PKCS#1 v1.5, as WebAuthn wants them. */
const signWith = (key: KeyObject, data: Buffer) => sign('sha256', data, key);

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  private readonly aaguid: Buffer;

  constructor(readonly opts: AuthenticatorOptions) {
    this.aaguid = Buffer.from(
      (opts.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''),
      'hex',
    );
  }

  private flags(extra: number, userPresent = true): number {
    let f = extra;
    if (userPresent) f |= FLAG.UP;
    if (this.opts.userVerified !== false) f |= FLAG.UV;
    if (this.opts.backupEligible) f |= FLAG.BE;
    if (this.opts.backupState) f |= FLAG.BS;
    return f;
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** `navigator.credentials.create()` for the server's `creation_options`. */
  create(options: unknown, o: CreateOverrides = {}) {
    const pk = (options as PublicKeyCreation).publicKey;
    const alg = o.alg ?? this.opts.alg ?? 'ES256';
    const { privateKey, cose } = keyPair(alg);
    const id = randomBytes(32);
    const rpId = o.rpId ?? pk.rp.id;
    const cred: SoftCredential = {
      id,
      alg,
      privateKey,
      cose,
      userHandle: Buffer.from(pk.user.id, 'base64url'),
      rpId,
      counter: 0,
      resident: pk.authenticatorSelection?.residentKey !== 'discouraged',
    };
    const counter = Buffer.alloc(4);
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([this.flags(FLAG.AT, o.userPresent ?? true)]),
      counter,
      this.aaguid,
      idLen,
      id,
      cose,
    ]);
    const clientDataJSON = this.clientData(
      o.type ?? 'webauthn.create',
      o.challenge ?? pk.challenge,
      o.origin ?? this.opts.origin,
    );
    const format = o.format ?? this.opts.format ?? 'none';
    let attStmt: Map<string, number | Uint8Array> = new Map();
    if (format === 'packed') {
      const sig = signWith(privateKey, Buffer.concat([authData, sha256(clientDataJSON)]));
      if (o.badSignature) sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0xff;
      attStmt = new Map<string, number | Uint8Array>([
        ['alg', COSE_ALG[alg]],
        ['sig', sig],
      ]);
    }
    const attestationObject = cbor(
      new Map<string, string | Uint8Array | Map<string, number | Uint8Array>>([
        ['fmt', format],
        ['attStmt', attStmt],
        ['authData', authData],
      ]),
    );
    this.credentials.push(cred);
    return {
      type: 'public-key',
      id: b64u(id),
      rawId: b64u(id),
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: this.opts.transports ?? ['hybrid', 'internal'],
      },
      clientExtensionResults: {},
    };
  }

  credential(id: string): SoftCredential | undefined {
    return this.credentials.find((c) => b64u(c.id) === id);
  }

  /** `navigator.credentials.get()` for the server's `request_options`. */
  get(options: unknown, o: GetOverrides = {}) {
    const pk = (options as PublicKeyRequest).publicKey;
    const allowed = pk.allowCredentials?.map((c) => c.id);
    const cred = o.credentialId
      ? this.credential(o.credentialId)
      : this.credentials.find(
          (c) => c.rpId === pk.rpId && (allowed ? allowed.includes(b64u(c.id)) : c.resident),
        );
    if (!cred) throw new Error('authenticator: no matching credential');
    let counter = o.counter;
    if (counter === undefined) {
      cred.counter += this.opts.counterStep ?? 1;
      counter = cred.counter;
    }
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const authData = Buffer.concat([sha256(o.rpId ?? pk.rpId), Buffer.from([this.flags(0)]), counterBytes]);
    const clientDataJSON = this.clientData(
      o.type ?? 'webauthn.get',
      o.challenge ?? pk.challenge,
      o.origin ?? this.opts.origin,
    );
    const signature = signWith(cred.privateKey, Buffer.concat([authData, sha256(clientDataJSON)]));
    if (o.badSignature) signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0xff;
    const handle = o.userHandle === undefined ? (cred.resident ? cred.userHandle : null) : o.userHandle;
    return {
      type: 'public-key',
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: handle ? b64u(handle) : null,
      },
      clientExtensionResults: {},
    };
  }
}

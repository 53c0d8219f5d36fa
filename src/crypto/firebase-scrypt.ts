import { createCipheriv, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Firebase's modified scrypt, for passwords imported as
 * `$fbscrypt$v=1,n=<mem cost>,r=<rounds>,p=<parallelism>[,ss=<b64 salt separator>][,sk=<b64 signer key>]$<b64 salt>$<b64 hash>`:
 * key = scrypt(password, salt ‖ separator, N = 2^n, r, p, 32 bytes); hash = AES-256-CTR(key, zero IV) of the signer key.
 */
export async function verifyFirebaseScrypt(stored: string, password: string): Promise<boolean> {
  const m = /^\$fbscrypt\$v=1,([^$]*)\$([A-Za-z0-9+/=_-]*)\$([A-Za-z0-9+/=_-]+)$/.exec(stored);
  if (!m) return false;
  const params = new Map(
    (m[1] as string).split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i), kv.slice(i + 1)] as const;
    }),
  );
  const n = Number(params.get('n'));
  const r = Number(params.get('r'));
  const p = Number(params.get('p') ?? '1');
  if (
    !Number.isInteger(n) ||
    n < 1 ||
    n > 20 ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 32 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 16
  ) {
    return false;
  }
  const salt = Buffer.concat([
    Buffer.from(m[2] as string, 'base64'),
    Buffer.from(params.get('ss') ?? '', 'base64'),
  ]);
  const signer = Buffer.from(params.get('sk') ?? '', 'base64');
  const expected = Buffer.from(m[3] as string, 'base64');
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      Buffer.from(password, 'utf8'),
      salt,
      32,
      { N: 2 ** n, r, p, maxmem: 512 * 1024 * 1024 },
      (err, k) => (err ? reject(err) : resolve(k)),
    ),
  );
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const actual = Buffer.concat([cipher.update(signer), cipher.final()]);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

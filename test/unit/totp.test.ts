import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  totpQrDataUrl,
  totpStep,
  totpUri,
  verifyTotp,
} from '../../src/mfa/totp.ts';

/** Codes from an independent implementation (otpauth), so a shared misunderstanding cannot hide. */
const reference = (secret: string) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
const codeAt = (secret: string, ms: number) => reference(secret).generate({ timestamp: ms });

// The middle of a 30 s step, far from any boundary.
const T0 = Date.UTC(2026, 5, 5, 12, 0, 15);

describe('totp', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    const key = Buffer.from('12345678901234567890');
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [t, eight] of vectors) {
      assert.equal(hotp(key, Math.floor(t / 30)), eight.slice(-6), `t=${t}`);
    }
  });

  it('creates 20-byte base32 secrets without padding', () => {
    const s = generateTotpSecret();
    assert.match(s, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(s)?.length, 20);
    assert.notEqual(generateTotpSecret(), s);
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(base32Decode('mzxw6ytboi======')?.toString(), 'foobar');
    assert.equal(base32Decode('not base32!'), undefined);
  });

  it('accepts the current code and one step either side, nothing further', () => {
    const s = generateTotpSecret();
    const step = totpStep(new Date(T0));
    assert.equal(verifyTotp(s, codeAt(s, T0), new Date(T0)), step);
    assert.equal(verifyTotp(s, codeAt(s, T0 - 30_000), new Date(T0)), step - 1);
    assert.equal(verifyTotp(s, codeAt(s, T0 + 30_000), new Date(T0)), step + 1);
    assert.equal(verifyTotp(s, codeAt(s, T0 - 60_000), new Date(T0)), undefined);
    assert.equal(verifyTotp(s, codeAt(s, T0 + 60_000), new Date(T0)), undefined);
  });

  it('never accepts a step at or before the last accepted one', () => {
    const s = generateTotpSecret();
    const step = totpStep(new Date(T0));
    const now = codeAt(s, T0);
    assert.equal(verifyTotp(s, now, new Date(T0), step), undefined, 'the same code again');
    assert.equal(verifyTotp(s, codeAt(s, T0 - 30_000), new Date(T0), step), undefined, 'an older code');
    assert.equal(verifyTotp(s, codeAt(s, T0 + 30_000), new Date(T0), step), step + 1, 'the next code');
    assert.equal(verifyTotp(s, now, new Date(T0), step - 1), step);
    assert.equal(verifyTotp(s, now, new Date(T0), null), step);
  });

  it('rejects wrong and malformed codes', () => {
    const s = generateTotpSecret();
    const good = codeAt(s, T0);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    assert.equal(verifyTotp(s, wrong, new Date(T0)), undefined);
    for (const bad of ['', '12345', '1234567', 'abcdef', `${good}0`, 123456, null, undefined]) {
      assert.equal(verifyTotp(s, bad, new Date(T0)), undefined, String(bad));
    }
    assert.equal(verifyTotp(s, ` ${good} `, new Date(T0)), totpStep(new Date(T0)), 'surrounding spaces');
    assert.equal(verifyTotp('not base32!', good, new Date(T0)), undefined);
  });

  it('builds a key URI that authenticator apps (and otpauth) read back', () => {
    const s = generateTotpSecret();
    const uri = totpUri({ issuer: 'Hanko Authentication Service', account: 'jane+x@example.com', secret: s });
    assert.equal(
      uri,
      `otpauth://totp/Hanko%20Authentication%20Service:jane%2Bx%40example.com?secret=${s}` +
        '&issuer=Hanko%20Authentication%20Service&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = OTPAuth.URI.parse(uri);
    assert.ok(parsed instanceof OTPAuth.TOTP);
    assert.equal(parsed.issuer, 'Hanko Authentication Service');
    assert.equal(parsed.label, 'jane+x@example.com');
    assert.equal(parsed.secret.base32, s);
    assert.equal(parsed.generate({ timestamp: T0 }), codeAt(s, T0));
  });

  it('renders the URI as a 200×200 PNG data URL', async () => {
    const url = await totpQrDataUrl(
      totpUri({ issuer: 'Hanko', account: 'a@b.io', secret: generateTotpSecret() }),
    );
    assert.match(url, /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const png = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.equal(png.readUInt32BE(16), 200, 'width');
    assert.equal(png.readUInt32BE(20), 200, 'height');
  });
});

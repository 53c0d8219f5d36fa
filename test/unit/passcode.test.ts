import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { deriveKey } from '../../src/crypto/aes-gcm.ts';
import {
  generatePasscode,
  hashPasscode,
  normalizePasscode,
  PASSCODE_LENGTH,
  verifyPasscode,
} from '../../src/crypto/passcode.ts';

const key = deriveKey('unit-test-secret-0123456789', 'passcode');

describe('generatePasscode', () => {
  it('numeric: six digits, leading zeros kept, every digit occurs', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generatePasscode('numeric');
      assert.match(code, /^[0-9]{6}$/);
      for (const c of code) seen.add(c);
    }
    assert.equal(seen.size, 10);
  });

  it('alphanumeric: six characters from an alphabet without look-alikes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = generatePasscode('alphanumeric');
      assert.equal(code.length, PASSCODE_LENGTH);
      assert.match(code, /^[2-9A-HJ-NP-Z]{6}$/);
      for (const c of code) seen.add(c);
    }
    for (const ambiguous of ['0', 'O', '1', 'I', 'l', 'o']) assert.ok(!seen.has(ambiguous), ambiguous);
    assert.equal(seen.size, 32, 'every character of the alphabet occurs');
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 200 }, () => generatePasscode('alphanumeric')));
    assert.ok(codes.size > 190);
  });
});

describe('hashPasscode / verifyPasscode', () => {
  const id = randomUUID();

  it('is a keyed hex HMAC that does not contain the code', () => {
    const h = hashPasscode(key, id, '123456');
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(h, hashPasscode(key, id, '123456'));
    assert.notEqual(h, hashPasscode(deriveKey('another-secret-0123456789', 'passcode'), id, '123456'));
  });

  it('is bound to the passcode id', () => {
    const h = hashPasscode(key, id, '123456');
    assert.notEqual(h, hashPasscode(key, randomUUID(), '123456'));
    assert.equal(verifyPasscode(key, randomUUID(), '123456', h), false);
  });

  it('accepts the right code only', () => {
    const h = hashPasscode(key, id, '042517');
    assert.equal(verifyPasscode(key, id, '042517', h), true);
    assert.equal(verifyPasscode(key, id, '42517', h), false);
    assert.equal(verifyPasscode(key, id, '042518', h), false);
    assert.equal(verifyPasscode(key, id, '', h), false);
  });

  it('compares alphanumeric codes case-insensitively and ignores surrounding blanks', () => {
    const h = hashPasscode(key, id, 'AB3XYZ');
    assert.equal(verifyPasscode(key, id, 'ab3xyz', h), true);
    assert.equal(verifyPasscode(key, id, ' Ab3xYz\n', h), true);
    assert.equal(verifyPasscode(key, id, 'AB3XY2', h), false);
    assert.equal(normalizePasscode(' ab3xyz '), 'AB3XYZ');
  });

  it('rejects malformed stored hashes without throwing', () => {
    assert.equal(verifyPasscode(key, id, '123456', ''), false);
    assert.equal(verifyPasscode(key, id, '123456', 'abc'), false);
    assert.equal(verifyPasscode(key, id, '123456', hashPasscode(key, id, '123456').toUpperCase()), false);
  });
});

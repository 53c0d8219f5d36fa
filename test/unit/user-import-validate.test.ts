/** The per-entry checks of the user import (schema + cross-field rules) and the progress bar. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressBar } from '../../src/users/import/progress.ts';
import { checkEntry } from '../../src/users/import/validate.ts';

const ok = { emails: [{ address: 'a@example.com', is_primary: true }] };
const cred = { id: 'c1', public_key: 'pk', attestation_type: 'none' };

describe('user import: entry checks', () => {
  const cases: Array<[string, unknown, string | undefined, string?]> = [
    ['a minimal entry', ok, undefined],
    ['an empty user_id (a new one is generated)', { ...ok, user_id: '' }, undefined],
    ['a username without emails', { username: 'x' }, undefined],
    ['not an object', 'user', '', 'must be of type object'],
    ['a user_id that is not a UUID', { ...ok, user_id: '42' }, '/user_id', 'must be a UUID (or empty)'],
    [
      'neither emails nor username',
      { emails: [], username: '' },
      '/emails',
      'is required when there is no username',
    ],
    ['an email without address', { emails: [{ is_primary: true }] }, '/emails/0/address', 'is required'],
    ['no primary address', { emails: [{ address: 'a@example.com' }] }, '/emails'],
    [
      'the same address twice (case-insensitive)',
      { emails: [{ address: 'a@example.com', is_primary: true }, { address: 'A@Example.com' }] },
      '/emails/1/address',
      'appears more than once in this entry',
    ],
    ['a plain-text password', { ...ok, password: { password: 'secret' } }, '/password/password'],
    ['a $2b$ bcrypt hash', { ...ok, password: { password: '$2b$10$abc' } }, undefined],
    [
      'a Firebase scrypt hash',
      { ...ok, password: { password: '$fbscrypt$v=1,n=14,r=8,p=1$c2FsdA$aGFzaA' } },
      undefined,
    ],
    ['an OTP secret without secret', { ...ok, otp_secret: {} }, '/otp_secret/secret', 'is required'],
    [
      'a bad timestamp',
      { ...ok, created_at: '2024-01-01 10:00' },
      '/created_at',
      'must be a valid date-time',
    ],
    [
      'a credential without public key',
      { ...ok, webauthn_credentials: [{ id: 'c', attestation_type: 'none' }] },
      '/webauthn_credentials/0/public_key',
      'is required',
    ],
    [
      'a bad aaguid',
      { ...ok, webauthn_credentials: [{ ...cred, aaguid: 'nope' }] },
      '/webauthn_credentials/0/aaguid',
      'must be a valid uuid',
    ],
    [
      'duplicate transports',
      { ...ok, webauthn_credentials: [{ ...cred, transports: ['usb', 'usb'] }] },
      '/webauthn_credentials/0/transports',
    ],
    ['a credential id twice', { ...ok, webauthn_credentials: [cred, cred] }, '/webauthn_credentials/1/id'],
    [
      'a negative sign count',
      { ...ok, webauthn_credentials: [{ ...cred, sign_count: -1 }] },
      '/webauthn_credentials/0/sign_count',
    ],
    [
      'null optional credential fields',
      {
        ...ok,
        webauthn_credentials: [
          { ...cred, name: null, aaguid: null, last_used_at: null, transports: null, user_handle: null },
        ],
      },
      undefined,
    ],
    [
      'unknown metadata kind',
      { ...ok, metadata: { secret_metadata: {} } },
      '/metadata/secret_metadata',
      'is not an allowed property',
    ],
    [
      'metadata that is not an object',
      { ...ok, metadata: { public_metadata: [1] } },
      '/metadata/public_metadata',
    ],
    [
      'metadata of exactly 3000 characters',
      { ...ok, metadata: { private_metadata: { k: 'x'.repeat(2992) } } },
      undefined,
    ],
    [
      'metadata of 3001 characters',
      { ...ok, metadata: { private_metadata: { k: 'x'.repeat(2993) } } },
      '/metadata/private_metadata',
    ],
  ];
  for (const [name, entry, path, message] of cases)
    it(name, () => {
      const problem = checkEntry(entry);
      assert.equal(problem?.path, path, JSON.stringify(problem));
      if (message) assert.equal(problem?.message, message);
    });
});

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const write = (s: string) => {
    written.push(s);
    return true;
  };
  return { stream: { isTTY, write } as unknown as NodeJS.WriteStream, written };
}

describe('user import: progress bar', () => {
  it('draws on a terminal and ends the line', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream);
    bar.update(5, 10);
    bar.finish();
    assert.match(written.join(''), /^\r\[#{15}-{15}\] 50% 5\/10\n$/);
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream);
    bar.update(5, 10);
    bar.finish();
    assert.deepEqual(written, []);
  });
});

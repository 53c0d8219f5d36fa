import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';
import { verifyFirebaseScrypt } from '../../src/crypto/firebase-scrypt.ts';
import { createPasswordHasher } from '../../src/crypto/password.ts';

// Firebase's published sample: password "user1password", rounds 8, mem_cost 14.
const SAMPLE =
  '$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==';

describe('Firebase scrypt hashes (imported passwords)', () => {
  it("verifies Firebase's published sample", async () => {
    assert.equal(await verifyFirebaseScrypt(SAMPLE, 'user1password'), true);
  });
  it('rejects a wrong password and malformed or absurd parameters', async () => {
    assert.equal(await verifyFirebaseScrypt(SAMPLE, 'user1passwore'), false);
    assert.equal(await verifyFirebaseScrypt(SAMPLE.replace('n=14', 'n=40'), 'user1password'), false);
    assert.equal(await verifyFirebaseScrypt('$fbscrypt$garbage', 'user1password'), false);
  });
  it('is accepted by the password hasher, which asks for an upgrade to argon2id', async () => {
    const hasher = createPasswordHasher(buildConfig({ secrets: { keys: ['0123456789abcdefXYZ'] } }).config);
    assert.equal(await hasher.verify(SAMPLE, 'user1password'), true);
    assert.equal(hasher.needsRehash(SAMPLE), true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDeviceTrustEntry,
  deviceTrustSetCookie,
  parseDeviceTrustCookie,
} from '../../src/flows/device-trust.ts';
import { testConfig } from '../helpers/app.ts';

describe('device-trust cookie', () => {
  it('puts the user first, replaces an older entry of the user, keeps at most max entries', () => {
    assert.equal(addDeviceTrustEntry(undefined, 'u1', 't1', 20), 'u1:t1');
    assert.equal(addDeviceTrustEntry('u1:t1', 'u2', 't2', 20), 'u2:t2|u1:t1');
    assert.equal(addDeviceTrustEntry('u2:t2|u1:t1', 'u1', 't3', 20), 'u1:t3|u2:t2');
    assert.equal(addDeviceTrustEntry('u3:a|u2:b|u1:c', 'u4', 'd', 3), 'u4:d|u3:a|u2:b');
    assert.equal(addDeviceTrustEntry('legacytoken', 'u1', 't1', 20), 'u1:t1', 'a legacy value is dropped');
  });

  it('parses entries and legacy single tokens', () => {
    assert.deepEqual(parseDeviceTrustCookie('u2:t2|u1:t1'), [
      { userId: 'u2', token: 't2' },
      { userId: 'u1', token: 't1' },
    ]);
    assert.deepEqual(parseDeviceTrustCookie('legacy'), [{ token: 'legacy' }]);
    assert.deepEqual(parseDeviceTrustCookie(''), []);
  });

  it('has the attributes of §1.13', () => {
    const c = testConfig({ mfa: { device_trust_cookie_name: 'dt' } });
    assert.equal(
      deviceTrustSetCookie(c, 'u1:t1', 60),
      'dt=u1:t1; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=None',
    );
  });
});

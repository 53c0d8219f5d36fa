import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/util/logger.ts';

describe('structured logs', () => {
  it('redact passwords, passcodes, tokens, secrets and credentials headers', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk;
        cb();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info(
      {
        password: 'hunter2-password',
        body: { passcode: '123456', token: 'tok-abc', secret: 'sek-xyz', input_data: { code: '654321' } },
        req: { headers: { authorization: 'Bearer jwt-value', cookie: 'hanko=jwt-cookie' } },
      },
      'request',
    );
    const dbError = Object.assign(new Error('invalid byte sequence'), {
      params: ['user-input-secret'],
      bindings: ['b'],
    });
    logger.error({ err: dbError }, 'flow request failed');
    await new Promise((r) => setImmediate(r));
    assert.doesNotMatch(out, /user-input-secret/, 'bound query values are not logged');
    assert.match(out, /invalid byte sequence/);
    for (const leaked of [
      'hunter2-password',
      '123456',
      'tok-abc',
      'sek-xyz',
      '654321',
      'jwt-value',
      'jwt-cookie',
    ]) {
      assert.doesNotMatch(out, new RegExp(leaked), `${leaked} must not be logged`);
    }
    assert.match(out, /\[REDACTED\]/);
    const line = JSON.parse(out.trim().split('\n')[0] as string);
    assert.equal(line.msg, 'request');
    assert.equal(line.service, 'hanko-ts');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDuration, parseDuration } from '../../src/util/duration.ts';

describe('parseDuration', () => {
  const valid: Array<[string, number]> = [
    ['0', 0],
    ['+0', 0],
    ['0s', 0],
    ['300ms', 300],
    ['10s', 10_000],
    ['1m', 60_000],
    ['12h', 43_200_000],
    ['720h', 2_592_000_000],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['1h30m15s', 5_415_000],
    ['1.1s', 1_100],
    ['.5s', 500],
    ['5.s', 5_000],
    ['+10s', 10_000],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    ['1ns', 0.000001],
    ['1m0.5s', 60_500],
    ['0.0000000001s', 0],
  ];
  for (const [input, expected] of valid) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.equal(parseDuration(input), expected);
    });
  }

  const invalid = [
    '',
    '+',
    '-1s',
    '-0',
    '10',
    '1h30',
    '1',
    's',
    '.s',
    '.',
    '1x',
    '1H',
    '1 s',
    ' 1s',
    '1s ',
    '1.5.5s',
    '1d',
    '3000000h',
    'abc',
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseDuration(input),
        (err: unknown) => {
          assert.ok(err instanceof Error);
          assert.match(err.message, /^invalid duration /);
          return true;
        },
      );
    });
  }

  it('names the problem in the error message', () => {
    assert.throws(() => parseDuration('5d'), /unknown unit "d"/);
    assert.throws(() => parseDuration('10'), /unit is missing/);
    assert.throws(() => parseDuration('-5m'), /negative/);
    assert.throws(() => parseDuration(''), /empty/);
  });

  it('accepts the largest value Go can represent and rejects anything beyond', () => {
    assert.ok(parseDuration('2562047h') > 0);
    assert.throws(() => parseDuration('2562048h'), /too large/);
  });
});

describe('isDuration', () => {
  it('mirrors parseDuration', () => {
    assert.equal(isDuration('12h'), true);
    assert.equal(isDuration('0'), true);
    assert.equal(isDuration('2h45m'), true);
    assert.equal(isDuration(''), false);
    assert.equal(isDuration('12'), false);
    assert.equal(isDuration('-1s'), false);
    assert.equal(isDuration('1y'), false);
  });

  it('returns false for non-string input instead of throwing', () => {
    assert.equal(isDuration(12 as unknown as string), false);
  });
});

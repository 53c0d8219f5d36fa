import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyMetadataPatch,
  charCount,
  kindsOverLimit,
  MetadataPatchError,
  mergePatch,
  metadataView,
  parseMetadataPatch,
  toStored,
} from '../../src/users/metadata.ts';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('user metadata: RFC 7396 merge patch', () => {
  // Test cases from RFC 7396, Appendix A.
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, expected] of cases) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
      assert.deepEqual(plain(mergePatch(target, patch)), expected);
    });
  }

  it('does not mutate its inputs and treats __proto__ as data', () => {
    const target = { a: { b: 1 } };
    const patch = JSON.parse('{"a":{"c":2},"__proto__":{"polluted":true}}');
    const out = mergePatch(target, patch) as Record<string, unknown>;
    assert.deepEqual(target, { a: { b: 1 } });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(JSON.stringify(out), '{"a":{"b":1,"c":2},"__proto__":{"polluted":true}}');
  });
});

describe('user metadata: limits and parsing', () => {
  it('counts code points', () => {
    assert.equal(charCount('abc'), 3);
    assert.equal(charCount('😀'), 1);
    assert.equal(charCount('e\u0301'), 2);
  });

  it('checks the compact JSON length of each document', () => {
    const fill = (n: number) => ({ k: 'x'.repeat(n - 8) });
    assert.deepEqual(kindsOverLimit({ public: fill(3000), private: null, unsafe: null }), []);
    assert.deepEqual(kindsOverLimit({ public: fill(3001), private: fill(2000), unsafe: fill(4000) }), [
      'public',
      'unsafe',
    ]);
    assert.equal(toStored({}), null);
    assert.equal(toStored({ a: [1, { b: 2 }] }), '{"a":[1,{"b":2}]}');
  });

  it('parses admin patch bodies', () => {
    assert.deepEqual(parseMetadataPatch(null), { public: null, private: null, unsafe: null });
    assert.deepEqual(parseMetadataPatch({ public_metadata: { a: 1 }, private_metadata: {}, x: 1 }), {
      public: { a: 1 },
    });
    assert.throws(() => parseMetadataPatch([]), MetadataPatchError);
    assert.throws(
      () => parseMetadataPatch({ unsafe_metadata: 1 }),
      /unsafe_metadata must be an object or null/,
    );
  });

  it('applies a patch to the three documents', () => {
    const current = { public: { a: 1, b: 2 }, private: { p: 1 }, unsafe: null };
    const next = applyMetadataPatch(current, { public: { b: null }, private: null, unsafe: { u: { v: 1 } } });
    assert.deepEqual(plain(next), { public: { a: 1 }, private: null, unsafe: { u: { v: 1 } } });
    assert.deepEqual(plain(metadataView(next)), {
      public_metadata: { a: 1 },
      unsafe_metadata: { u: { v: 1 } },
    });
    assert.equal(metadataView({ public: null, private: null, unsafe: null }), null);
  });
});

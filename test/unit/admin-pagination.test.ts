import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkHeader, parsePageRequest } from '../../src/admin/pagination.ts';

const u = (s = 'http://localhost:8001/users') => new URL(s);
const link = (p: number, pp: number, rel: string, base = 'http://localhost:8001/users') =>
  `<${base}?page=${p}&per_page=${pp}>; rel="${rel}"`;

describe('admin pagination: Link header (rest-api.md §6.2)', () => {
  it('first page of many', () => {
    assert.equal(linkHeader(u(), 95, 1, 10), [link(10, 10, 'last'), link(2, 10, 'next')].join(','));
  });
  it('middle page', () => {
    assert.equal(
      linkHeader(u(), 95, 4, 10),
      [link(1, 10, 'first'), link(10, 10, 'last'), link(5, 10, 'next'), link(3, 10, 'prev')].join(','),
    );
  });
  it('last page', () => {
    assert.equal(linkHeader(u(), 95, 10, 10), [link(1, 10, 'first'), link(9, 10, 'prev')].join(','));
  });
  it('no items, or fewer than a page: first only', () => {
    assert.equal(linkHeader(u(), 0, 1, 10), link(1, 10, 'first'));
    assert.equal(linkHeader(u(), 10, 1, 20), link(1, 20, 'first'));
    assert.equal(linkHeader(u(), 20, 1, 20), link(1, 20, 'first'));
  });
  it('past the end', () => {
    assert.equal(
      linkHeader(u(), 20, 4, 10),
      [link(1, 10, 'first'), link(2, 10, 'last'), link(3, 10, 'prev')].join(','),
    );
  });
  it('keeps and sorts other query parameters, replacing page and per_page', () => {
    const base = 'http://h/audit_logs?type=b&page=7&end_time=2022-09-12T14:48:48Z&type=a';
    assert.equal(
      linkHeader(u(base), 5, 1, 10),
      '<http://h/audit_logs?end_time=2022-09-12T14%3A48%3A48Z&page=1&per_page=10&type=b&type=a>; rel="first"',
    );
  });
});

describe('admin pagination: page and per_page', () => {
  it('defaults, bounds and errors', () => {
    assert.deepEqual(parsePageRequest({}), { page: 1, perPage: 20, offset: 0 });
    assert.deepEqual(parsePageRequest({ page: '3', per_page: '5' }), { page: 3, perPage: 5, offset: 10 });
    assert.deepEqual(parsePageRequest({ page: '0', per_page: '0' }), { page: 1, perPage: 20, offset: 0 });
    assert.deepEqual(parsePageRequest({ page: '-2', per_page: '-2' }), { page: 1, perPage: 20, offset: 0 });
    assert.deepEqual(parsePageRequest({ per_page: '100000' }), { page: 1, perPage: 1000, offset: 0 });
    assert.deepEqual(parsePageRequest({ page: ['2', '9'], per_page: '+4' }), {
      page: 2,
      perPage: 4,
      offset: 4,
    });
    assert.throws(() => parsePageRequest({ page: 'two' }), /invalid syntax/);
    assert.throws(() => parsePageRequest({ per_page: '1e3' }), /invalid syntax/);
  });
});

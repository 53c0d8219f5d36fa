import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, seedUser } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

/** `<url>; rel="x"` entries of a Link header as [rel, page, per_page]. */
function links(header: string | null): Array<[string, string | null, string | null]> {
  if (!header) return [];
  return header.split(',').map((part) => {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    assert.ok(m, part);
    const u = new URL(m[1]!);
    return [m[2]!, u.searchParams.get('page'), u.searchParams.get('per_page')];
  });
}

for (const dialect of testDialects()) {
  describe(`admin API: GET /users (pagination and search) [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    const ids: string[] = [];
    before(async () => {
      rt = await startTestRuntime(dialect);
      call = adminClient(rt.adminUrl);
      const db = rt.services.db.knex;
      const base = Date.parse('2024-01-01T00:00:00Z');
      const users = [
        { email: 'alice@example.com' },
        { email: 'bob@example.org', username: 'bobby' },
        { username: 'carol_x' },
        { email: 'dave@example.com', username: 'dave' },
        { email: 'eve@sample.net' },
      ];
      for (const [i, u] of users.entries()) {
        ids.push((await seedUser(db, { ...u, createdAt: new Date(base + i * 60_000) })).id);
      }
      // Neither an email nor a username: never listed.
      await seedUser(db, { createdAt: new Date(base + 10 * 60_000) });
    });
    after(() => rt.close());

    const list = async (query: string) => {
      const res = await call('GET', `/users${query}`);
      assert.equal(res.status, 200, res.text);
      return {
        ids: (res.body as Array<{ id: string }>).map((u) => u.id),
        total: res.headers.get('x-total-count'),
        links: links(res.headers.get('link')),
        raw: res.headers.get('link'),
      };
    };

    it('lists users with an email or username, newest first, with the headers', async () => {
      const r = await list('');
      assert.deepEqual(r.ids, [...ids].reverse());
      assert.equal(r.total, '5');
      assert.deepEqual(r.links, [['first', '1', '20']]);
      assert.ok(r.raw!.startsWith(`<${rt.adminUrl}/users?page=1&per_page=20>`), r.raw!);
    });

    it('pages through with first/last/next/prev', async () => {
      const p1 = await list('?per_page=2');
      assert.deepEqual(p1.ids, [ids[4], ids[3]]);
      assert.deepEqual(p1.links, [
        ['last', '3', '2'],
        ['next', '2', '2'],
      ]);
      const p2 = await list('?per_page=2&page=2');
      assert.deepEqual(p2.ids, [ids[2], ids[1]]);
      assert.deepEqual(p2.links, [
        ['first', '1', '2'],
        ['last', '3', '2'],
        ['next', '3', '2'],
        ['prev', '1', '2'],
      ]);
      const p3 = await list('?per_page=2&page=3');
      assert.deepEqual(p3.ids, [ids[0]]);
      assert.deepEqual(p3.links, [
        ['first', '1', '2'],
        ['prev', '2', '2'],
      ]);
    });

    it('handles an exact multiple, a page past the end and an empty result', async () => {
      const exact = await list('?per_page=5');
      assert.equal(exact.ids.length, 5);
      assert.deepEqual(exact.links, [['first', '1', '5']]);
      const exactLast = await list('?per_page=1&page=5');
      assert.deepEqual(exactLast.ids, [ids[0]]);
      assert.deepEqual(exactLast.links, [
        ['first', '1', '1'],
        ['prev', '4', '1'],
      ]);
      const past = await list('?per_page=2&page=9');
      assert.deepEqual(past.ids, []);
      assert.equal(past.total, '5');
      assert.deepEqual(past.links, [
        ['first', '1', '2'],
        ['last', '3', '2'],
        ['prev', '8', '2'],
      ]);
      const empty = await list('?email=nobody');
      assert.deepEqual(empty.ids, []);
      assert.equal(empty.total, '0');
      assert.deepEqual(empty.links, [['first', '1', '20']]);
    });

    it('keeps other query parameters in the links, keys sorted', async () => {
      const r = await list('?sort_direction=asc&per_page=2&email=example');
      assert.equal(
        r.raw,
        `<${rt.adminUrl}/users?email=example&page=2&per_page=2&sort_direction=asc>; rel="last",` +
          `<${rt.adminUrl}/users?email=example&page=2&per_page=2&sort_direction=asc>; rel="next"`,
      );
    });

    it('applies the per_page and page bounds', async () => {
      assert.deepEqual((await list('?per_page=0')).links, [['first', '1', '20']]);
      assert.deepEqual((await list('?per_page=-3')).links, [['first', '1', '20']]);
      assert.deepEqual((await list('?per_page=5000')).links, [['first', '1', '1000']]);
      assert.deepEqual((await list('?page=0&per_page=2')).ids, [ids[4], ids[3]]);
      assert.deepEqual((await list('?page=-4&per_page=2')).ids, [ids[4], ids[3]]);
      for (const [q, message] of [
        ['?per_page=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
        ['?page=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
        [
          '?page=99999999999999999999',
          'strconv.ParseInt: parsing "99999999999999999999": value out of range',
        ],
      ] as const) {
        assert.deepEqual((await call('GET', `/users${q}`)).body, { code: 400, message }, q);
      }
    });

    it('sorts ascending on request and refuses other directions', async () => {
      assert.deepEqual((await list('?sort_direction=asc')).ids, ids);
      assert.deepEqual((await call('GET', '/users?sort_direction=up')).body, {
        code: 400,
        message: 'sort_direction must be desc or asc',
      });
    });

    it('searches by email, username (OR-combined) and user ids', async () => {
      assert.deepEqual((await list('?email=EXAMPLE.COM')).ids, [ids[3], ids[0]]);
      assert.equal((await list('?email=EXAMPLE.COM')).total, '2');
      assert.deepEqual((await list('?username=BOB')).ids, [ids[1]]);
      assert.deepEqual((await list('?username=_x')).ids, [ids[2]], 'underscore is literal');
      assert.deepEqual((await list('?email=%25')).ids, [], 'percent is literal');
      assert.deepEqual((await list('?email=sample&username=carol')).ids, [ids[4], ids[2]]);
      assert.deepEqual((await list(`?user_id=${ids[1]}`)).ids, [ids[1]]);
      assert.deepEqual((await list(`?user_id=${ids[0]},${ids[2]!.toUpperCase()}`)).ids, [ids[2], ids[0]]);
      assert.deepEqual((await list(`?user_id=${ids[0]}&email=sample`)).ids, []);
      assert.deepEqual((await call('GET', `/users?user_id=${ids[0]},nope`)).body, {
        code: 400,
        message: 'failed to parse user_id as uuid',
      });
    });

    it('shows list entries without password, OTP or metadata', async () => {
      const res = await call('GET', `/users?user_id=${ids[1]}`);
      const [u] = res.body;
      assert.equal(u.emails[0].address, 'bob@example.org');
      assert.equal(u.username.username, 'bobby');
      assert.equal(u.metadata, undefined);
    });
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const BASE = Date.parse('2024-05-01T10:00:00Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const ALICE = 'aaaaaaaa-1111-4111-8111-111111111111';
const BOB = 'bbbbbbbb-2222-4222-8222-222222222222';

for (const dialect of testDialects()) {
  describe(`admin API: GET /audit_logs [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    const ids: string[] = [];
    before(async () => {
      rt = await startTestRuntime(dialect);
      call = adminClient(rt.adminUrl);
      const entries = [
        {
          type: 'login_success',
          actor_user_id: ALICE,
          actor_email: 'ali***@example.com',
          meta_source_ip: '10.0.0.1',
        },
        {
          type: 'login_failure',
          actor_user_id: null,
          actor_email: null,
          meta_source_ip: '10.0.0.2',
          error: 'nope',
        },
        {
          type: 'password_changed',
          actor_user_id: BOB,
          actor_email: 'bob***@sample.net',
          meta_source_ip: '192.168.1.9',
        },
        {
          type: 'login_success',
          actor_user_id: BOB,
          actor_email: 'bob***@sample.net',
          meta_source_ip: '10.0.0.1',
        },
      ];
      for (const [i, e] of entries.entries()) {
        const id = randomUUID();
        ids.push(id);
        await rt.services.db.knex('audit_logs').insert({
          id,
          error: null,
          meta_http_request_id: `req-${i}`,
          meta_user_agent: 'ua',
          details: JSON.stringify({ n: i }),
          created_at: at(i),
          updated_at: at(i),
          ...e,
        });
      }
    });
    after(() => rt.close());

    const list = async (query: string) => {
      const res = await call('GET', `/audit_logs${query}`);
      assert.equal(res.status, 200, res.text);
      return {
        ids: (res.body as Array<{ id: string }>).map((e) => e.id),
        body: res.body,
        total: res.headers.get('x-total-count'),
        link: res.headers.get('link'),
      };
    };

    it('lists entries newest first in upstream shape', async () => {
      const r = await list('');
      assert.deepEqual(r.ids, [...ids].reverse());
      assert.equal(r.total, '4');
      assert.ok(r.link?.includes('rel="first"'));
      const failure = r.body.find((e: { id: string }) => e.id === ids[1]);
      assert.deepEqual(failure, {
        id: ids[1],
        type: 'login_failure',
        error: 'nope',
        meta_http_request_id: 'req-1',
        meta_source_ip: '10.0.0.2',
        meta_user_agent: 'ua',
        details: { n: 1 },
        created_at: iso(1),
        updated_at: iso(1),
      });
      const success = r.body.find((e: { id: string }) => e.id === ids[0]);
      assert.equal(success.actor_user_id, ALICE);
      assert.equal(success.actor_email, 'ali***@example.com');
      assert.equal('error' in success, false);
    });

    it('paginates', async () => {
      const r = await list('?per_page=3&page=2');
      assert.deepEqual(r.ids, [ids[0]]);
      assert.equal(r.total, '4');
      assert.match(r.link!, /page=1&per_page=3>; rel="first",<.*page=1&per_page=3>; rel="prev"$/);
    });

    it('filters by time (exclusive bounds) and type', async () => {
      assert.deepEqual((await list(`?start_time=${iso(1)}`)).ids, [ids[3], ids[2]]);
      assert.deepEqual((await list(`?end_time=${iso(2)}`)).ids, [ids[1], ids[0]]);
      assert.deepEqual((await list(`?start_time=${iso(0)}&end_time=${iso(3)}`)).ids, [ids[2], ids[1]]);
      assert.deepEqual(
        (await list(`?start_time=${encodeURIComponent('2024-05-01T12:00:30+02:00')}`)).ids,
        [ids[3], ids[2], ids[1]],
        'offsets are honoured',
      );
      assert.deepEqual((await list('?type=login_success')).ids, [ids[3], ids[0]]);
      assert.deepEqual((await list('?type=login_failure&type=password_changed')).ids, [ids[2], ids[1]]);
      assert.deepEqual((await list('?type=login')).ids, [], 'types match exactly');
    });

    it('filters by substrings of actor id, actor email, source IP and q', async () => {
      assert.deepEqual((await list('?actor_user_id=bbbbbbbb-2222')).ids, [ids[3], ids[2]]);
      assert.deepEqual((await list('?actor_email=example.com')).ids, [ids[0]]);
      assert.deepEqual((await list('?meta_source_ip=10.0.0')).ids, [ids[3], ids[1], ids[0]]);
      assert.deepEqual((await list('?meta_source_ip=10.0.0.1&actor_user_id=aaaa')).ids, [ids[0]]);
      assert.deepEqual((await list('?q=192.168')).ids, [ids[2]]);
      assert.deepEqual((await list('?q=sample.net')).ids, [ids[3], ids[2]]);
      assert.deepEqual((await list('?q=aaaaaaaa')).ids, [ids[0]]);
      assert.deepEqual((await list('?q=%25')).ids, [], 'percent is literal');
    });

    it('refuses malformed timestamps and page numbers', async () => {
      assert.deepEqual((await call('GET', '/audit_logs?start_time=yesterday')).body, {
        code: 400,
        message: 'start_time must be a valid RFC 3339 timestamp',
      });
      assert.equal((await call('GET', '/audit_logs?end_time=2024-05-01')).status, 400);
      assert.equal((await call('GET', '/audit_logs?page=x')).status, 400);
    });
  });
}

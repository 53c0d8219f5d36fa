import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const KEY_A = 'admin-key-aaaaaaaaaaaaaaaa';
const KEY_B = 'admin-key-bbbbbbbbbbbbbbbb';

for (const dialect of testDialects()) {
  describe(`admin API: API keys, metrics, errors [${dialect}]`, () => {
    describe('without api_keys (the default)', () => {
      let rt: TestRuntime;
      let call: AdminCall;
      before(async () => {
        rt = await startTestRuntime(dialect);
        call = adminClient(rt.adminUrl);
      });
      after(() => rt.close());

      it('needs no credentials', async () => {
        assert.equal((await call('GET', '/users')).status, 200);
        assert.equal((await call('GET', '/webhooks')).status, 200);
      });

      it('exposes Prometheus metrics with per-route request counters', async () => {
        await call('GET', '/users');
        await call('GET', '/users/not-a-uuid');
        await fetch(`${rt.publicUrl}/health/alive`);
        const res = await fetch(`${rt.adminUrl}/metrics`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
        const text = await res.text();
        const counter = (labels: string) => {
          const line = text.split('\n').find((l) => l.startsWith(`http_requests_total{${labels}}`));
          return line ? Number(line.split(' ').pop()) : 0;
        };
        assert.ok(counter('server="admin",method="GET",route="/users",status="200"') >= 2);
        assert.ok(counter('server="admin",method="GET",route="/users/:id",status="400"') >= 1);
        assert.ok(counter('server="public",method="GET",route="/health/alive",status="200"') >= 1);
        assert.match(text, /^http_request_duration_seconds_bucket\{.*route="\/users".*\} \d+$/m);
        assert.match(text, /^process_cpu_user_seconds_total \d/m);
        assert.match(text, /^# TYPE hanko_flow_actions_total counter$/m);
        assert.match(text, /^# TYPE hanko_mails_sent_total counter$/m);
        assert.match(text, /^# TYPE hanko_mails_failed_total counter$/m);
      });

      it('answers malformed JSON, wrong methods, unknown routes and content types with JSON errors', async () => {
        const bad = await call('POST', '/users', '{"emails": [');
        assert.equal(bad.status, 400);
        assert.match(bad.body.message, /^Syntax error/);
        assert.deepEqual((await call('PUT', '/users')).body, { code: 405, message: 'Method Not Allowed' });
        assert.deepEqual((await call('GET', '/nope')).body, { code: 404, message: 'Not Found' });
        const text = await call('POST', '/users', 'x', { 'content-type': 'text/plain' });
        assert.equal(text.status, 415);
      });
    });

    describe('with api_keys', () => {
      let rt: TestRuntime;
      let call: AdminCall;
      before(async () => {
        rt = await startTestRuntime(dialect, { server: { admin: { api_keys: [KEY_A, KEY_B] } } });
        call = adminClient(rt.adminUrl);
      });
      after(() => rt.close());

      it('refuses requests without the right bearer key', async () => {
        const unauthorized = { code: 401, message: 'Unauthorized' };
        for (const headers of [
          {},
          { authorization: `Bearer ${KEY_A}x` },
          { authorization: `Bearer ${KEY_A.slice(0, -1)}` },
          { authorization: KEY_A },
          { authorization: `Basic ${KEY_A}` },
          { authorization: 'Bearer ' },
        ] as Array<Record<string, string>>) {
          const res = await call('GET', '/users', undefined, headers);
          assert.equal(res.status, 401, JSON.stringify(headers));
          assert.deepEqual(res.body, unauthorized);
        }
        assert.equal((await call('GET', '/metrics')).status, 401);
        assert.equal((await call('POST', '/users', { username: 'sneaky' })).status, 401);
        assert.equal(await rt.services.db.knex('usernames').where({ username: 'sneaky' }).first(), undefined);
      });

      it('accepts any configured key', async () => {
        assert.equal(
          (await call('GET', '/users', undefined, { authorization: `Bearer ${KEY_A}` })).status,
          200,
        );
        assert.equal(
          (await call('GET', '/users', undefined, { authorization: `bearer ${KEY_B}` })).status,
          200,
        );
        assert.equal(
          (await call('GET', '/metrics', undefined, { authorization: `Bearer ${KEY_B}` })).status,
          200,
        );
      });

      it('keeps the health endpoints open', async () => {
        assert.deepEqual((await call('GET', '/health/alive')).body, { alive: true });
        assert.equal((await call('GET', '/health/ready')).status, 200);
      });
    });
  });
}

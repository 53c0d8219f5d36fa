import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, UNKNOWN_ID } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const nested = (message: string) => ({ code: 400, message: `code=400, message=${message}` });
const DAY = 24 * 60 * 60 * 1000;

for (const dialect of testDialects()) {
  describe(`admin API: webhooks [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect, {
        webhooks: {
          hooks: [{ callback: 'https://config.example.com/hook', events: ['user', 'email.send'] }],
        },
      });
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    it('lists database and configuration hooks', async () => {
      const res = await call('GET', '/webhooks');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        database: [],
        config: [{ callback: 'https://config.example.com/hook', events: ['user', 'email.send'] }],
      });
    });

    it('creates, reads, replaces and deletes a hook', async () => {
      const before = Date.now();
      const created = await call('POST', '/webhooks', {
        callback: 'https://example.com/hook',
        events: ['user.create', 'email.send', 'user.create'],
      });
      assert.equal(created.status, 201);
      const hook = created.body;
      assert.equal(hook.callback, 'https://example.com/hook');
      assert.equal(hook.enabled, true);
      assert.equal(hook.failures, 0);
      const expires = Date.parse(hook.expires_at);
      assert.ok(expires >= before + 30 * DAY && expires <= Date.now() + 30 * DAY, hook.expires_at);
      assert.deepEqual(hook.events.map((e: { event: string }) => e.event).sort(), [
        'email.send',
        'user.create',
      ]);
      assert.deepEqual(Object.keys(hook.events[0]).sort(), ['event', 'id']);
      assert.deepEqual((await call('GET', `/webhooks/${hook.id}`)).body, hook);
      assert.deepEqual((await call('GET', '/webhooks')).body.database, [hook]);

      await rt.services.db.knex('webhooks').where({ id: hook.id }).update({ failures: 4 });
      const replaced = await call('PUT', `/webhooks/${hook.id}`, {
        callback: 'https://example.com/other',
        events: ['user'],
        enabled: false,
      });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.body.callback, 'https://example.com/other');
      assert.equal(replaced.body.enabled, false);
      assert.equal(replaced.body.failures, 0);
      assert.deepEqual(
        replaced.body.events.map((e: { event: string }) => e.event),
        ['user'],
      );
      assert.equal((await rt.services.db.knex('webhook_events').where({ webhook_id: hook.id })).length, 1);
      const reenabled = await call('PUT', `/webhooks/${hook.id}`, {
        callback: 'https://example.com/other',
        events: ['user'],
        enabled: true,
      });
      assert.equal(reenabled.body.enabled, true);

      assert.equal((await call('DELETE', `/webhooks/${hook.id}`)).status, 204);
      assert.equal((await rt.services.db.knex('webhook_events').where({ webhook_id: hook.id })).length, 0);
      assert.deepEqual((await call('GET', `/webhooks/${hook.id}`)).body, {
        code: 404,
        message: `unable to find webhook with id: ${hook.id}`,
      });
      assert.equal((await call('DELETE', `/webhooks/${hook.id}`)).status, 404);
    });

    it('validates bodies and ids with nested messages', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, 'callback is a required field and events is a required field'],
        [{ callback: 'not a url', events: ['user'] }, 'callback must be a valid URL'],
        [{ callback: 'https://example.com', events: [] }, 'length of events must be greater or equal to 1'],
        [
          { callback: 'https://example.com', events: ['user', 'user.nope', 'session.create'] },
          'user.nope in events[1] is not a valid webhook event and session.create in events[2] is not a valid webhook event',
        ],
      ];
      for (const [body, message] of cases)
        assert.deepEqual((await call('POST', '/webhooks', body)).body, nested(message));
      assert.equal((await rt.services.db.knex('webhooks').count({ n: '*' }))[0]?.n, 0);

      assert.deepEqual((await call('GET', '/webhooks/abc')).body, nested('id must be a valid uuid4'));
      assert.deepEqual((await call('DELETE', '/webhooks/abc')).body, nested('id must be a valid uuid4'));
      assert.deepEqual(
        (await call('PUT', '/webhooks/abc', { callback: 'https://example.com', events: ['user'] })).body,
        nested('id must be a valid uuid4 and enabled is a required field'),
      );
      assert.deepEqual(
        (
          await call('PUT', `/webhooks/${UNKNOWN_ID}`, {
            callback: 'https://example.com',
            events: ['user'],
            enabled: true,
          })
        ).body,
        {
          code: 404,
          message: `unable to find webhook with id: ${UNKNOWN_ID}`,
        },
      );
    });
  });
}

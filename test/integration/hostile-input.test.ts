import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueSession } from '../../src/sessions/issue.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';

/** Values no well-behaved client sends, for every input of every offered action. */
const HOSTILE: unknown[] = [
  42,
  true,
  null,
  ['a'],
  { $gt: '' },
  { nested: '\u0000' },
  'x'.repeat(20_000),
  '\u0000\ud800',
  "' or 1=1 --",
];

/**
 * Every action offered in the first states of each flow answers hostile input with a flow response that is not
 * a 500 (no crash, no technical error), in the envelope format.
 */
describe('flows answer hostile input without a 500 [pglite]', () => {
  let rt: TestRuntime;
  let token: string;
  before(async () => {
    rt = await startTestRuntime('pglite', {
      username: { enabled: true },
      account: { allow_deletion: false },
      session: { cookie: { retention: 'prompt' } },
    });
    const now = new Date();
    const id = '6f1e7c1a-0000-4000-8000-0000000000cc';
    await rt.services.db.knex('users').insert({ id, created_at: now, updated_at: now });
    token = (await issueSession(rt.services, { userId: id, amr: [] })).token;
  });
  after(() => rt.close());

  const reach = async (client: FlowClient, flow: string): Promise<FlowState> => {
    const s = await client.start(flow);
    return client.run(s, 'register_client_capabilities', { webauthn_available: true });
  };

  for (const flow of ['login', 'registration', 'profile']) {
    it(`${flow}: every offered action`, async () => {
      const client = new FlowClient(
        rt.publicUrl,
        flow === 'profile' ? { Authorization: `Bearer ${token}` } : {},
      );
      const first = await reach(client, flow);
      const actions = Object.entries(first.actions);
      assert.ok(actions.length > 0);
      for (const [name, action] of actions) {
        for (const value of HOSTILE) {
          const s = await reach(client, flow);
          const input = Object.fromEntries(Object.keys(action.inputs).map((k) => [k, value]));
          const res = await client.post(s.actions[name]!.href, {
            input_data: input,
            csrf_token: s.csrf_token,
          });
          assert.notEqual(
            res.status,
            500,
            `${flow}.${name} with ${JSON.stringify(value).slice(0, 40)}: ${JSON.stringify(res.error)}`,
          );
          assert.equal(typeof res.name, 'string');
          assert.equal(res.links, null);
        }
      }
      // Malformed envelopes.
      const s = await reach(client, flow);
      const href = Object.values(s.actions)[0]!.href;
      for (const body of ['[]', 'null', '"x"', '{"input_data": [], "csrf_token": 5}']) {
        const res = await fetch(rt.publicUrl + href, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(flow === 'profile' ? { Authorization: `Bearer ${token}` } : {}),
          },
          body,
        });
        const json = (await res.json()) as { status: number; name: string };
        assert.equal(json.status, res.status);
        assert.ok(res.status === 403 || res.status === 500, `${body}: ${res.status}`);
      }
    });
  }
});

describe('REST and admin endpoints refuse unstorable characters with a 400 [pglite]', () => {
  let rt: TestRuntime;
  before(async () => {
    rt = await startTestRuntime('pglite');
  });
  after(() => rt.close());

  it('answers 400, never 500, and writes nothing', async () => {
    const post = (body: string) =>
      fetch(`${rt.adminUrl}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    for (const body of [
      '{"username":"a\\u0000b","emails":[]}',
      '{"emails":[{"address":"x\\ud800@example.com","is_primary":true}]}',
      '{"username":"ok_name","emails":[],"x\\u0000":1}',
    ]) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
      assert.equal(((await res.json()) as { code: number }).code, 400);
    }
    assert.equal(Number((await rt.services.db.knex('users').count({ n: '*' }).first())?.n), 0);
  });
});

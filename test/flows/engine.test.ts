import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FlowDefinition } from '../../flows/definition.ts';
import { FlowEngine, type FlowRequest } from '../../src/flows/engine/engine.ts';
import { FlowError, inputError } from '../../src/flows/engine/errors.ts';
import type { FlowImplementations } from '../../src/flows/engine/types.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';

/** A small flow that exercises the engine's semantics without any product logic. */
const toy: FlowDefinition = {
  name: 'toy',
  version: 1,
  ttlSeconds: 3600,
  initialStates: ['a', 'b'],
  states: {
    a: { actions: ['next'], before: ['count_entries'] },
    b: { actions: ['next', 'jump', 'stay', 'explode', 'crash', 'back', 'conflict'] },
    c: { actions: ['next', 'back', 'remember'] },
    d: { actions: ['back'] },
    error: { actions: [] },
  },
};

const impls: FlowImplementations = {
  actions: {
    next: {
      description: 'next',
      inputs: () => [{ name: 'note', type: 'string', max_length: 5, trim: true, preserve: true }],
      async execute(ctx) {
        ctx.stash.notes = [...((ctx.stash.notes as string[]) ?? []), String(ctx.input.note ?? '')];
        if (ctx.state === 'b')
          ctx.write(async (trx) => void (await trx('audit_logs').insert(auditRow('b-next'))));
        return { continue: ctx.state === 'b' ? ['c', 'd'] : [] };
      },
    },
    jump: {
      description: 'irreversible',
      async execute(ctx) {
        ctx.preventRevert();
        return { continue: ['c'] };
      },
    },
    stay: {
      description: 'a 4xx error',
      inputs: () => [{ name: 'v', type: 'string', preserve: true }],
      async execute() {
        throw inputError('v', 'value_invalid_error');
      },
    },
    explode: {
      description: 'a 5xx flow error',
      async execute() {
        throw new FlowError('flow_discontinuity_error');
      },
    },
    crash: {
      description: 'an unhandled failure after queuing a write',
      async execute(ctx) {
        ctx.write(async (trx) => void (await trx('audit_logs').insert(auditRow('crash'))));
        ctx.write(async () => {
          throw new Error('boom');
        });
        return { continue: ['c'] };
      },
    },
    conflict: {
      description: 'another request commits first',
      async execute(ctx) {
        ctx.write(async (trx) => void (await trx('audit_logs').insert(auditRow('conflict'))));
        await ctx.services.db.knex('flows').where({ id: ctx.flowId }).increment('version', 1);
        return { continue: ['c'] };
      },
    },
    remember: {
      description: 'same state',
      async execute(ctx) {
        ctx.stash.remembered = true;
        return { continue: ['c'] };
      },
    },
  },
  hooks: {
    count_entries: async (ctx) => {
      ctx.stash.entries = Number(ctx.stash.entries ?? 0) + 1;
      ctx.payload.entries = ctx.stash.entries;
    },
  },
};

let n = 0;
const auditRow = (type: string) => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  type,
  meta_http_request_id: 'r',
  meta_source_ip: 'i',
  meta_user_agent: 'u',
  created_at: new Date(),
  updated_at: new Date(),
});

describe('flow engine semantics (toy flow, embedded database)', () => {
  let rt: TestRuntime;
  let engine: FlowEngine;
  const meta = { requestId: 'test', ip: '127.0.0.1', userAgent: 'test' };
  const req = (action?: string, body: unknown = {}): FlowRequest => ({
    ...(action ? { action } : {}),
    body,
    meta,
    locale: 'en',
  });
  const act = async (
    state: { actions: Record<string, unknown>; csrf_token: string },
    name: string,
    input: Record<string, unknown> = {},
  ) => {
    const href =
      (state.actions[name] as { href: string } | undefined)?.href ??
      `/toy?action=${name}%40${flowIdOf(state)}`;
    const action = decodeURIComponent(href.split('action=')[1] as string);
    return (await engine.handle(req(action, { input_data: input, csrf_token: state.csrf_token }))).body;
  };
  const flowIdOf = (state: { actions: Record<string, unknown> }) =>
    /%40([0-9a-f-]{36})/.exec(JSON.stringify(state.actions))?.[1] ?? '';

  before(async () => {
    rt = await startTestRuntime('pglite');
    engine = new FlowEngine(rt.services, toy, impls);
  });
  after(() => rt.close());

  it('creates a flow in the first initial state and runs its before-hooks', async () => {
    const s = (await engine.handle(req())).body;
    assert.equal(s.name, 'a');
    assert.deepEqual(s.payload, { entries: 1 });
    assert.deepEqual(Object.keys(s.actions), ['next']);
  });

  it('continues through scheduled states, goes back with the stash of that time, keeps csrf rotating', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next', { note: ' x ' });
    assert.equal(s.name, 'b');
    assert.ok(s.actions.back, 'b was entered from a, so back is offered');
    s = await act(s, 'next', { note: 'y' });
    assert.equal(s.name, 'c', 'the first named state comes first');
    assert.ok(s.actions.back);
    const csrfBefore = s.csrf_token;
    s = await act(s, 'remember');
    assert.equal(s.name, 'c');
    assert.notEqual(s.csrf_token, csrfBefore);
    s = await act(s, 'next');
    assert.equal(s.name, 'd', 'then the state scheduled after it');
    s = await act(s, 'back');
    assert.equal(s.name, 'c');
    s = await act(s, 'back');
    assert.equal(s.name, 'b');
    const row = await rt.services.db.knex('flows').orderBy('updated_at', 'desc').first();
    const ctx = JSON.parse(row.data).context;
    assert.deepEqual(ctx.stash.notes, ['x'], 'the stash is restored to what it was when b was left');
    assert.equal(ctx.stash.remembered, undefined);
  });

  it('does not offer back across an irreversible step', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    s = await act(s, 'jump');
    assert.equal(s.name, 'c');
    assert.equal(s.actions.back, undefined);
    const refused = await act(s, 'back');
    assert.equal(refused.status, 403);
    assert.equal(refused.error?.code, 'operation_not_permitted_error');
  });

  it('stays on a 4xx error with the input error and preserved value, rotating csrf', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    const stay = await act(s, 'stay', { v: 'abc' });
    assert.equal(stay.name, 'b');
    assert.equal(stay.status, 400);
    assert.deepEqual((stay.actions.stay as { inputs: Record<string, unknown> }).inputs.v, {
      name: 'v',
      type: 'string',
      value: 'abc',
      error: { code: 'value_invalid_error', message: 'The value is invalid.' },
    });
    assert.notEqual(stay.csrf_token, s.csrf_token);
    const tooLong = await act(stay, 'next', { note: '123456' });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.error?.code, 'form_data_invalid_error');
  });

  it('moves to the error state on a 5xx flow error; the flow is dead afterwards', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    const dead = await act(s, 'explode');
    assert.equal(dead.name, 'error');
    assert.equal(dead.status, 500);
    assert.equal(dead.error?.code, 'flow_discontinuity_error');
    assert.deepEqual(dead.actions, {});
    const id = flowIdOf(s);
    const after = (await engine.handle(req(`next@${id}`, { csrf_token: dead.csrf_token, input_data: {} })))
      .body;
    assert.equal(after.status, 403);
  });

  it('rolls back everything on an unhandled failure (no half-applied action)', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    const before = await rt.services.db.knex('audit_logs').where({ type: 'crash' }).count({ c: '*' }).first();
    const res = await act(s, 'crash');
    assert.deepEqual(res, {
      name: 'error',
      status: 500,
      csrf_token: '',
      actions: {},
      error: { code: 'technical_error', message: 'Something went wrong.' },
      links: null,
    });
    const afterCount = await rt.services.db
      .knex('audit_logs')
      .where({ type: 'crash' })
      .count({ c: '*' })
      .first();
    assert.equal(Number(afterCount?.c), Number(before?.c));
    const retry = await act(s, 'next');
    assert.equal(retry.name, 'c', 'the flow is unchanged and the old csrf token still valid');
  });

  it('lets only one of two conflicting updates commit (version check)', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    const res = await act(s, 'conflict');
    assert.equal(res.status, 500);
    assert.equal(res.error?.code, 'technical_error');
    const rows = await rt.services.db.knex('audit_logs').where({ type: 'conflict' });
    assert.equal(rows.length, 0, 'the losing request wrote nothing');
  });

  it('rejects a second concurrent request on the same flow', async () => {
    let s = (await engine.handle(req())).body;
    s = await act(s, 'next');
    const [r1, r2] = await Promise.all([act(s, 'next'), act(s, 'next')]);
    const statuses = [r1.status, r2.status].sort();
    assert.deepEqual(statuses, [200, 500]);
  });

  it('answers unknown actions, unknown flows, bad csrf, malformed ids and expiry', async () => {
    const s = (await engine.handle(req())).body;
    const id = flowIdOf(s);
    const unknownAction = (await engine.handle(req(`nope@${id}`, { csrf_token: s.csrf_token }))).body;
    assert.equal(unknownAction.status, 403);
    const badCsrf = (await engine.handle(req(`next@${id}`, { csrf_token: 'A'.repeat(32) }))).body;
    assert.equal(badCsrf.status, 403);
    const noCsrf = (await engine.handle(req(`next@${id}`, {}))).body;
    assert.equal(noCsrf.status, 403);
    const unknownFlow = (
      await engine.handle(req('next@6f1e7c1a-0000-4000-8000-000000000001', { csrf_token: s.csrf_token }))
    ).body;
    assert.equal(unknownFlow.status, 403);
    const malformed = (await engine.handle(req('next@not-a-uuid', {}))).body;
    assert.equal(malformed.status, 500);
    const encoded = (await engine.handle(req(`next%40${id}`, { csrf_token: s.csrf_token, input_data: {} })))
      .body;
    assert.equal(encoded.name, 'b', '%40 is accepted like @');
    await rt.services.db
      .knex('flows')
      .where({ id })
      .update({ expires_at: new Date(Date.now() - 1) });
    const expired = (await engine.handle(req(`next@${id}`, { csrf_token: encoded.csrf_token }))).body;
    assert.equal(expired.status, 410);
    assert.equal(expired.error?.code, 'flow_expired_error');
  });

  it('refuses to continue a flow persisted by another machine version', async () => {
    const s = (await engine.handle(req())).body;
    const newer = new FlowEngine(rt.services, { ...toy, version: 2 }, impls);
    const action = decodeURIComponent(
      (s.actions.next as { href: string }).href.split('action=')[1] as string,
    );
    const res = (await newer.handle(req(action, { csrf_token: s.csrf_token }))).body;
    assert.equal(res.status, 500);
    assert.equal(res.error?.code, 'flow_discontinuity_error');
  });
});

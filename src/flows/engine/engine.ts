import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { type AnyActorLogic, createActor, type SnapshotFrom } from 'xstate';
import {
  buildFlowMachine,
  type FlowContext,
  type FlowDefinition,
  type FlowEvent,
  type Stash,
} from '../../../flows/definition.ts';
import type { AuditRequestMeta } from '../../audit/audit-log.ts';
import { findFlow, insertFlow, updateFlow } from '../../persistence/repositories/flows.ts';
import type { Services } from '../../services.ts';
import { isDeviceTrusted } from '../device-trust.ts';
import {
  type ErrorBody,
  FLOW_ERRORS,
  FlowError,
  type FlowErrorCode,
  flowErrorBody,
  PipelineRejection,
} from './errors.ts';
import { validateInputs } from './inputs.ts';
import { FlowLocks } from './lock.ts';
import { BACK_ACTION, type ExecutedAction, isOffered, rejectionBody, stateBody } from './response.ts';
import type { FlowImplementations, FlowResponseBody, FlowRuntime, HttpEffects } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CSRF_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface FlowRequest {
  /** The `action` query value (`<name>@<flow id>`), absent when a flow is created. */
  action?: string;
  body: unknown;
  meta: AuditRequestMeta;
  locale: string;
  session?: { userId: string; sessionId: string };
  /** Reads a request cookie. */
  cookie?: (name: string) => string | undefined;
}

export interface FlowResult {
  body: FlowResponseBody;
  http: HttpEffects;
}

const newCsrf = () =>
  Array.from({ length: 32 }, () => CSRF_ALPHABET[randomInt(CSRF_ALPHABET.length)]).join('');

function csrfMatches(stored: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Runs one request of a flow (flow-api.md §1.11). Actions and hooks run outside any transaction and queue
 * their writes; the writes and the conditional flow update then commit together in one transaction, so a
 * request is applied completely or not at all, and nothing slow ever holds a database connection.
 */
export class FlowEngine {
  private readonly machine;
  private readonly locks = new FlowLocks();

  constructor(
    private readonly services: Services,
    private readonly def: FlowDefinition,
    private readonly impls: FlowImplementations,
  ) {
    this.machine = buildFlowMachine(def);
  }

  get name(): string {
    return this.def.name;
  }

  async handle(req: FlowRequest): Promise<FlowResult> {
    try {
      return req.action === undefined ? await this.create(req) : await this.continue(req);
    } catch (err) {
      const http: HttpEffects = { headers: {}, cookies: [] };
      if (err instanceof PipelineRejection) {
        return { body: rejectionBody(err.code, FLOW_ERRORS[err.code][0], this.cause(err.causeText)), http };
      }
      this.services.logger.error({ err, flow: this.def.name }, 'flow request failed');
      return { body: rejectionBody('technical_error', 500, this.cause((err as Error).message)), http };
    }
  }

  private cause(text?: string): string | undefined {
    return this.services.config.debug ? text : undefined;
  }

  private runtime(flowId: string, ctx: FlowContext, req: FlowRequest, queue: Queue): FlowRuntime {
    let trusted: Promise<boolean> | undefined;
    const rt: FlowRuntime = {
      services: this.services,
      flowId,
      flowName: this.def.name,
      state: ctx.current,
      previousState: ctx.history[ctx.history.length - 1]?.state,
      stash: structuredClone(ctx.stash),
      payload: {},
      meta: req.meta,
      locale: req.locale,
      softError: (code) => {
        queue.soft = code;
      },
      write: (fn) => queue.writes.push(fn),
      afterCommit: (fn) => queue.after.push(fn),
      schedule: (...states) => queue.named.push(...states),
      preventRevert: () => {
        queue.preventRevert = true;
      },
      http: queue.http,
      scratch: {},
      scheduledStates: () => [...queue.named, ...ctx.scheduled],
      cookie: (name) => req.cookie?.(name),
      deviceTrusted: () => {
        trusted ??= isDeviceTrusted(
          this.services.db.knex,
          this.services.config,
          req.cookie?.(this.services.config.mfa.device_trust_cookie_name),
          typeof rt.stash.user_id === 'string' ? rt.stash.user_id : undefined,
          this.services.now(),
        );
        return trusted;
      },
      ...(req.session ? { session: req.session } : {}),
    };
    return rt;
  }

  private async create(req: FlowRequest): Promise<FlowResult> {
    const flowId = randomUUID();
    const actor = createActor(this.machine as AnyActorLogic);
    actor.start();
    const queue = newQueue();
    const ctx = (actor.getSnapshot() as SnapshotFrom<typeof this.machine>).context as FlowContext;
    const rt = this.runtime(flowId, ctx, req, queue);
    await this.beforeEachAction(rt);
    const entered = await this.enterState(actor, rt, queue, undefined);
    const csrf = newCsrf();
    const now = this.services.now();
    await this.commit(queue, async (trx) => {
      await insertFlow(trx, {
        id: flowId,
        name: this.def.name,
        machine_version: this.def.version,
        version: 0,
        data: JSON.stringify(actor.getPersistedSnapshot()),
        csrf_token: csrf,
        expires_at: new Date(now.getTime() + this.def.ttlSeconds * 1000),
        created_at: now,
        updated_at: now,
      });
    });
    actor.stop();
    await this.runViewHooks(entered.current, rt);
    return { body: this.body(entered, rt, queue, csrf), http: queue.http };
  }

  private async continue(req: FlowRequest): Promise<FlowResult> {
    const [actionName, flowId] = splitAction(req.action ?? '');
    const body = (req.body ?? {}) as { input_data?: unknown; csrf_token?: unknown };
    if (typeof body !== 'object' || Array.isArray(body))
      throw new PipelineRejection('technical_error', 'body must be an object');
    if (!this.locks.tryAcquire(flowId)) throw new PipelineRejection('technical_error', 'flow is locked');
    try {
      const row = await findFlow(this.services.db.knex, flowId);
      if (!row || row.name !== this.def.name)
        throw new PipelineRejection('operation_not_permitted_error', 'unknown flow');
      if (row.expires_at.getTime() <= this.services.now().getTime())
        throw new PipelineRejection('flow_expired_error');
      if (!csrfMatches(row.csrf_token, body.csrf_token)) {
        throw new PipelineRejection('operation_not_permitted_error', 'csrf token mismatch');
      }
      if (row.machine_version !== this.def.version)
        throw new PipelineRejection('flow_discontinuity_error', 'flow version changed');
      let snapshot: unknown;
      try {
        snapshot = JSON.parse(row.data);
      } catch {
        throw new PipelineRejection('technical_error', 'stored flow data is corrupt');
      }
      const actor = createActor(this.machine as AnyActorLogic, { snapshot: snapshot as never });
      actor.start();
      const before = this.context(actor);
      const declared = this.declared(before.current);
      const queue = newQueue();
      const rt = this.runtime(flowId, before, req, queue);
      await this.beforeEachAction(rt);
      if (!isOffered(this.impls, before, rt, actionName, declared)) {
        throw new PipelineRejection('operation_not_permitted_error', `action ${actionName} is not available`);
      }
      const rawInput =
        typeof body.input_data === 'object' && body.input_data !== null && !Array.isArray(body.input_data)
          ? (body.input_data as Record<string, unknown>)
          : {};
      const executed = await this.runAction(actor, rt, queue, actionName, rawInput);
      const csrf = newCsrf();
      await this.commit(queue, async (trx) => {
        const ok = await updateFlow(trx, flowId, row.version, {
          data: JSON.stringify(actor.getPersistedSnapshot()),
          csrf_token: csrf,
          updated_at: this.services.now(),
        });
        if (!ok) throw new PipelineRejection('technical_error', 'concurrent update of the flow');
      });
      actor.stop();
      await this.runViewHooks(executed.after.current, rt);
      return {
        body: this.body(executed.after, rt, queue, csrf, executed.error, executed.action),
        http: queue.http,
      };
    } finally {
      this.locks.release(flowId);
    }
  }

  private context(actor: { getSnapshot(): unknown }): FlowContext {
    return (actor.getSnapshot() as { context: FlowContext }).context;
  }

  private declared(state: string): readonly string[] {
    return this.def.states[state]?.actions ?? [];
  }

  /** Executes an action and the transitions and hooks that follow from it (§2.2–2.5). */
  private async runAction(
    actor: ActorLike,
    rt: FlowRuntime,
    queue: Queue,
    name: string,
    rawInput: Record<string, unknown>,
  ): Promise<{
    after: FlowContext;
    error?: { code: FlowErrorCode; body: ErrorBody };
    action?: ExecutedAction;
  }> {
    const current = this.context(actor).current;
    if (name === BACK_ACTION) {
      actor.send({ type: 'BACK' } satisfies FlowEvent);
      const after = this.context(actor);
      rt.stash = structuredClone(after.stash);
      rt.state = after.current;
      await this.beforeEachAction(rt);
      rt.previousState = after.history[after.history.length - 1]?.state;
      return { after: await this.enterState(actor, rt, queue, undefined) };
    }
    const impl = this.impls.actions[name];
    if (!impl) throw new PipelineRejection('operation_not_permitted_error');
    const defs = impl.inputs?.(rt) ?? [];
    const { values, errors } = validateInputs(defs, rawInput);
    const action: ExecutedAction = { name, errors, values };
    try {
      if (Object.keys(errors).length > 0) throw new FlowError('form_data_invalid_error', errors);
      const result = await impl.execute({ ...rt, input: values, rawInput });
      if ('back' in result) return this.runAction(actor, rt, queue, BACK_ACTION, {});
      queue.named.push(...result.continue);
      await this.runAfterHooks(current, rt, queue, this.context(actor).scheduled);
      actor.send({
        type: 'CONTINUE',
        named: queue.named,
        stash: rt.stash,
        preventRevert: queue.preventRevert,
      } satisfies FlowEvent);
      rt.state = this.context(actor).current;
      rt.previousState = this.context(actor).history.at(-1)?.state;
      return { after: await this.enterState(actor, rt, queue, undefined), action };
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      // The flow stays; writes the action queued before failing (e.g. a passcode's try counter) still commit.
      queue.named.length = 0;
      Object.assign(action.errors, err.inputErrors);
      const error = { code: err.code, body: flowErrorBody(err.code, this.cause(err.causeText)) };
      if (err.status >= 500) {
        actor.send({ type: 'FAIL', stash: rt.stash } satisfies FlowEvent);
        rt.state = 'error';
        rt.payload = {};
        return { after: this.context(actor), error, action };
      }
      actor.send({ type: 'STAY', stash: rt.stash } satisfies FlowEvent);
      return {
        after: await this.enterState(actor, rt, queue, { code: err.code, status: err.status }),
        error,
        action,
      };
    }
  }

  /** View hooks of the state being returned, after the commit (they only fill the payload). */
  private async runViewHooks(state: string, rt: FlowRuntime): Promise<void> {
    for (const hook of this.def.states[state]?.view ?? []) await this.hook(hook)(rt);
  }

  /** The flow's before-each-action hooks (profile: load the session user); a failure rejects with 403. */
  private async beforeEachAction(rt: FlowRuntime): Promise<void> {
    for (const hook of this.def.beforeEachAction ?? []) {
      try {
        await this.hook(hook)(rt);
      } catch (err) {
        if (err instanceof FlowError)
          throw new PipelineRejection(
            err.code === 'unauthorized' ? 'unauthorized' : 'operation_not_permitted_error',
          );
        throw err;
      }
    }
  }

  /** After-flow hooks of sub-flows being left, then the after-state hooks of `current` (§2.2 step 3). */
  private async runAfterHooks(
    current: string,
    rt: FlowRuntime,
    queue: Queue,
    stack: string[],
  ): Promise<void> {
    const next = queue.named[0] ?? stack[0];
    for (const sub of Object.values(this.def.subflows ?? {})) {
      if (sub.states.includes(current) && (next === undefined || !sub.states.includes(next))) {
        for (const hook of sub.after) await this.hook(hook)(rt);
      }
    }
    for (const hook of this.def.states[current]?.after ?? []) await this.hook(hook)(rt);
  }

  /** Runs the before-state hooks of the state the flow is in; a 5xx error from one moves to `error`. */
  private async enterState(
    actor: ActorLike,
    rt: FlowRuntime,
    queue: Queue,
    error: FlowRuntime['error'],
  ): Promise<FlowContext> {
    const state = this.context(actor).current;
    // The payload is fresh per request; what the action put there (e.g. request options) belongs to it.
    if (error) rt.error = error;
    try {
      for (const hook of this.def.states[state]?.before ?? []) await this.hook(hook)(rt);
    } catch (err) {
      if (!(err instanceof FlowError) || err.status < 500) throw err;
      queue.fatal = err.code;
      actor.send({ type: 'FAIL', stash: rt.stash } satisfies FlowEvent);
      rt.payload = {};
      return this.context(actor);
    }
    // Keep what before-state hooks stashed (e.g. a passcode id).
    actor.send({ type: 'STAY', stash: rt.stash } satisfies FlowEvent);
    return this.context(actor);
  }

  private hook(name: string) {
    const h = this.impls.hooks[name];
    if (!h) throw new Error(`flow ${this.def.name}: hook ${name} is not implemented`);
    return h;
  }

  private async commit(queue: Queue, persist: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    await this.services.db.knex.transaction(async (trx) => {
      for (const w of queue.writes) await w(trx);
      await persist(trx);
    });
    for (const fn of queue.after) {
      try {
        fn();
      } catch (err) {
        this.services.logger.error({ err }, 'after-commit task failed');
      }
    }
  }

  private body(
    ctx: FlowContext,
    rt: FlowRuntime,
    queue: Queue,
    csrf: string,
    error?: { code: FlowErrorCode; body: ErrorBody },
    action?: ExecutedAction,
  ): FlowResponseBody {
    const code = queue.fatal ?? error?.code ?? queue.soft;
    const status = code ? FLOW_ERRORS[code][0] : 200;
    const errBody = queue.fatal
      ? flowErrorBody(queue.fatal)
      : (error?.body ?? (queue.soft ? flowErrorBody(queue.soft) : undefined));
    return stateBody({
      impls: this.impls,
      ctx,
      rt: {
        ...rt,
        stash: ctx.stash,
        state: ctx.current,
        previousState: ctx.history[ctx.history.length - 1]?.state,
      },
      declared: this.declared(ctx.current),
      status,
      csrf,
      ...(errBody ? { error: errBody } : {}),
      ...(action ? { executed: action } : {}),
    });
  }
}

type ActorLike = { send(e: FlowEvent): void; getSnapshot(): unknown };

interface Queue {
  writes: Array<(trx: Knex.Transaction) => Promise<void>>;
  after: Array<() => void>;
  named: string[];
  preventRevert: boolean;
  soft?: FlowErrorCode;
  fatal?: FlowErrorCode;
  http: HttpEffects;
}

const newQueue = (): Queue => ({
  writes: [],
  after: [],
  named: [],
  preventRevert: false,
  http: { headers: {}, cookies: [] },
});

/** `<action>@<uuid>` (the `@` may arrive percent-encoded) → [action, flow id]. */
export function splitAction(value: string): [string, string] {
  const decoded = value.replace(/%40/gi, '@');
  const at = decoded.lastIndexOf('@');
  const name = at > 0 ? decoded.slice(0, at) : '';
  const id = at > 0 ? decoded.slice(at + 1).toLowerCase() : '';
  if (!name || !UUID.test(id)) throw new PipelineRejection('technical_error', 'malformed action parameter');
  return [name, id];
}

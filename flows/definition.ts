/**
 * Flow definitions: structure and names only, no I/O. A flow lists its states, the actions each state may
 * offer, and the hooks that run around states. `buildFlowMachine` turns a definition into an XState machine
 * that owns the engine semantics of flow-api.md §2: the scheduled-state stack, history for `back`, the sticky
 * stash, and the error state. Implementations (actions, hooks) live in src/flows and are looked up by name.
 */
import { assign, setup } from 'xstate';

export type Stash = Record<string, unknown> & { sticky?: Record<string, unknown> };

export interface HistoryEntry {
  state: string;
  stash: Stash;
  scheduled: string[];
  revertible: boolean;
}

export interface FlowContext {
  /** The state the flow is in (mirrors the machine's state value). */
  current: string;
  /** States still to visit, next first. */
  scheduled: string[];
  history: HistoryEntry[];
  stash: Stash;
}

export type FlowEvent =
  /** Continue: `named` are the states named in this request, in order (§2.2). */
  | { type: 'CONTINUE'; named: string[]; stash: Stash; preventRevert: boolean }
  /** A 4xx error or a same-state update: stay, keep the new stash. */
  | { type: 'STAY'; stash: Stash }
  | { type: 'BACK' }
  /** A 5xx flow error: the flow moves to `error` and is dead. */
  | { type: 'FAIL'; stash: Stash };

export interface StateDefinition {
  /** Actions this state may offer, in response order (each may still be suspended). */
  actions: readonly string[];
  /** Hooks run when the state is about to be returned. */
  before?: readonly string[];
  /** Hooks run when continuing away from the state. */
  after?: readonly string[];
  /**
   * Read-only hooks that build the payload after the request's writes have committed, so the response shows
   * the data as it now is (e.g. the profile after a change).
   */
  view?: readonly string[];
}

export interface FlowDefinition {
  name: string;
  /** Bump when states or semantics change: flows persisted under another version cannot continue. */
  version: number;
  ttlSeconds: number;
  initialStates: readonly string[];
  states: Readonly<Record<string, StateDefinition>>;
  /**
   * Sub-flows with after-flow hooks: they run when a continue leaves one of the sub-flow's states for a state
   * outside it, or when nothing is scheduled (§2.3), before the after-state hooks.
   */
  subflows?: Readonly<Record<string, { states: readonly string[]; after: readonly string[] }>>;
  /** Hooks run before every action is looked at (and at creation), e.g. loading the session user. */
  beforeEachAction?: readonly string[];
}

const clone = <T>(v: T): T => structuredClone(v);

export function buildFlowMachine(def: FlowDefinition) {
  const names = Object.keys(def.states);
  for (const s of [...def.initialStates, 'error']) {
    if (!def.states[s]) throw new Error(`flow ${def.name}: state ${s} is not defined`);
  }
  const [first, ...rest] = def.initialStates as [string, ...string[]];
  const m = setup({
    types: { context: {} as FlowContext, events: {} as FlowEvent },
    actions: {
      continueTo: assign(({ context, event }) => {
        if (event.type !== 'CONTINUE') return {};
        const sequence = [...event.named, ...context.scheduled];
        const next = sequence[0];
        if (!next || !def.states[next]) throw new Error(`flow ${def.name}: no next state (${String(next)})`);
        const history =
          next === context.current
            ? context.history
            : [
                ...context.history,
                {
                  state: context.current,
                  stash: clone(context.stash),
                  scheduled: [...context.scheduled],
                  revertible: !event.preventRevert,
                },
              ];
        return { current: next, scheduled: sequence.slice(1), history, stash: event.stash };
      }),
      stay: assign(({ event }) => (event.type === 'STAY' ? { stash: event.stash } : {})),
      goBack: assign(({ context }) => {
        const last = context.history[context.history.length - 1];
        if (!last?.revertible) return {};
        const sticky = context.stash.sticky;
        return {
          current: last.state,
          scheduled: last.scheduled,
          history: context.history.slice(0, -1),
          stash: { ...clone(last.stash), ...(sticky ? { sticky } : {}) },
        };
      }),
      fail: assign(({ event }) => ({ current: 'error', stash: event.type === 'FAIL' ? event.stash : {} })),
    },
  });
  const states: Record<string, object> = {
    routing: {
      always: names.map((n) => ({
        guard: ({ context }: { context: FlowContext }) => context.current === n,
        target: n,
      })),
    },
  };
  for (const n of names) {
    states[n] =
      n === 'error'
        ? { meta: { actions: [] } }
        : {
            meta: { actions: def.states[n]?.actions ?? [] },
            on: {
              CONTINUE: { target: 'routing', actions: 'continueTo', reenter: true },
              STAY: { actions: 'stay' },
              BACK: { target: 'routing', actions: 'goBack', reenter: true },
              FAIL: { target: 'error', actions: 'fail' },
            },
          };
  }
  return m.createMachine({
    id: def.name,
    initial: 'routing',
    context: { current: first, scheduled: [...rest], history: [], stash: {} },
    states: states as never,
  });
}

export type FlowMachine = ReturnType<typeof buildFlowMachine>;

/** Whether `back` may be offered: the last history entry is revertible. */
export const canGoBack = (ctx: FlowContext): boolean =>
  ctx.history[ctx.history.length - 1]?.revertible === true;

import type { Knex } from 'knex';
import type { Stash } from '../../../flows/definition.ts';
import type { AuditRequestMeta } from '../../audit/audit-log.ts';
import type { Services } from '../../services.ts';
import type { ErrorBody, FlowErrorCode } from './errors.ts';
import type { InputDefinition } from './inputs.ts';

/** Response effects gathered while a request runs; applied only after the commit. */
export interface HttpEffects {
  headers: Record<string, string>;
  /** Raw Set-Cookie header values. */
  cookies: string[];
  /** A session issued by this request: the HTTP layer sets the cookie or X-Auth-Token. */
  session?: { token: string; lifespanSeconds: number; retention: 'persistent' | 'session' };
  /** The session ended (account deleted): the HTTP layer sends the cookie deletion. */
  clearSession?: boolean;
}

/** What actions and hooks see: the flow's stash, the request, and deferred writes. */
export interface FlowRuntime {
  services: Services;
  flowId: string;
  flowName: string;
  /** The state the flow is in while the action or hook runs. */
  state: string;
  /** The state from which `state` was entered (the last history entry), if any. */
  previousState?: string;
  /** The working copy of the stash; changes are kept when the request succeeds. */
  stash: Stash;
  /** Response payload, built fresh per response by hooks and actions. */
  payload: Record<string, unknown>;
  meta: AuditRequestMeta;
  /** Language of outgoing mail (X-Language). */
  locale: string;
  /** The error the response already carries (e.g. a stay error), when hooks run. */
  error?: { code: FlowErrorCode; status: number };
  /** A "soft" error: the transition happens but the response carries this status and error. */
  softError(code: FlowErrorCode): void;
  /** Queues a write for the request's transaction (run in order, all or nothing, after the action). */
  write(fn: (trx: Knex.Transaction) => Promise<void>): void;
  /** Runs after a successful commit (e.g. waking the mail dispatcher). */
  afterCommit(fn: () => void): void;
  /** Names a state to visit (§2.2). */
  schedule(...states: string[]): void;
  /** Marks the current step irreversible: `back` will not return across it. */
  preventRevert(): void;
  http: HttpEffects;
  /** States still to visit: those named in this request so far, then the flow's stack. */
  scheduledStates(): string[];
  /** A cookie of the request (e.g. the device-trust cookie). */
  cookie(name: string): string | undefined;
  /** Whether this browser is trusted for the stashed user (MFA device trust, §4.17); memoised per request. */
  deviceTrusted(): Promise<boolean>;
  /** Per-request scratch space shared by the action and the hooks of one request (never persisted). */
  scratch: Record<string, unknown>;
  /** The request's session, when one was presented and is valid (profile flow). */
  session?: { userId: string; sessionId: string };
}

export interface ActionContext extends FlowRuntime {
  /** Pre-processed values of the declared inputs. */
  input: Record<string, unknown>;
  /** All submitted input_data, for actions that read undeclared keys. */
  rawInput: Record<string, unknown>;
}

export type ActionResult =
  /** Continue to the named states, or to the next scheduled one. */
  | { continue: string[] }
  /** Back to the previous state (the `back` action). */
  | { back: true };

export interface ActionImplementation {
  description: string;
  inputs?(ctx: FlowRuntime): InputDefinition[];
  /** False when the action is suspended in this response (§2.6). */
  offered?(ctx: FlowRuntime): boolean;
  execute(ctx: ActionContext): Promise<ActionResult>;
}

export type HookImplementation = (ctx: FlowRuntime) => Promise<void>;

export interface FlowImplementations {
  actions: Record<string, ActionImplementation>;
  hooks: Record<string, HookImplementation>;
}

export interface FlowResponseBody {
  name: string;
  status: number;
  payload?: Record<string, unknown>;
  csrf_token: string;
  actions: Record<string, unknown>;
  error?: ErrorBody;
  links: null;
}

import { canGoBack, type FlowContext } from '../../../flows/definition.ts';
import { type ErrorBody, type FlowErrorCode, flowErrorBody } from './errors.ts';
import { inputObject } from './inputs.ts';
import type { FlowImplementations, FlowResponseBody, FlowRuntime } from './types.ts';

export const BACK_ACTION = 'back';

/** The body of a pipeline rejection: no payload, no actions, empty CSRF token (§1.11). */
export function rejectionBody(code: FlowErrorCode, status: number, cause?: string): FlowResponseBody {
  return {
    name: 'error',
    status,
    csrf_token: '',
    actions: {},
    error: flowErrorBody(code, cause),
    links: null,
  };
}

export interface ExecutedAction {
  name: string;
  errors: Record<string, ErrorBody>;
  values: Record<string, unknown>;
}

/** Is `action` currently offered in the flow's state (declared there and not suspended)? */
export function isOffered(
  impls: FlowImplementations,
  ctx: FlowContext,
  rt: FlowRuntime,
  action: string,
  declared: readonly string[],
) {
  if (!declared.includes(action)) return false;
  if (action === BACK_ACTION) return canGoBack(ctx);
  const impl = impls.actions[action];
  if (!impl) return false;
  return impl.offered ? impl.offered(rt) : true;
}

/** The normal envelope for the state the flow is in after the request (§1.4–1.5). */
export function stateBody(args: {
  impls: FlowImplementations;
  ctx: FlowContext;
  rt: FlowRuntime;
  declared: readonly string[];
  status: number;
  csrf: string;
  error?: ErrorBody;
  executed?: ExecutedAction;
}): FlowResponseBody {
  const { impls, ctx, rt, declared, executed } = args;
  const actions: Record<string, unknown> = {};
  for (const name of declared) {
    if (!isOffered(impls, ctx, rt, name, declared)) continue;
    const defs = name === BACK_ACTION ? [] : (impls.actions[name]?.inputs?.(rt) ?? []);
    const inputs: Record<string, unknown> = {};
    for (const def of defs) {
      const extra: { value?: unknown; error?: ErrorBody } = {};
      if (executed?.name === name) {
        if (def.preserve && def.name in executed.values) extra.value = executed.values[def.name] ?? null;
        const err = executed.errors[def.name];
        if (err) extra.error = err;
      }
      inputs[def.name] = inputObject(def, extra);
    }
    actions[name] = {
      href: `/${rt.flowName}?action=${name}%40${rt.flowId}`,
      inputs,
      action: name,
      description:
        name === BACK_ACTION ? 'Go back to the previous state.' : (impls.actions[name]?.description ?? name),
    };
  }
  return {
    name: ctx.current,
    status: args.status,
    payload: rt.payload,
    csrf_token: args.csrf,
    actions,
    ...(args.error ? { error: args.error } : {}),
    links: null,
  };
}

/** Evaluation of pipelines, commands, fields, methods and function calls (Go's exec.go eval*). */
import type { ArgNode, CommandNode, PipeNode } from './ast.ts';
import { BUILTINS, type GoFunc, type ParamType, type WithSignature } from './builtins.ts';
import { TemplateError } from './errors.ts';
import type { ExecState } from './exec-state.ts';
import { goConstant } from './numbers.ts';
import { GoStruct, hasField, isMap, isTrue, mapGet, NilPointer, structMethod, typeName } from './values.ts';

/** Marks "no value piped in from the previous command". */
export const NO_FINAL: unique symbol = Symbol('missing');
type Final = unknown;

export function evalPipeline(s: ExecState, dot: unknown, pipe: PipeNode | null): unknown {
  if (!pipe) return undefined;
  s.at(pipe);
  let value: unknown = NO_FINAL;
  for (const cmd of pipe.cmds) {
    value = evalCommand(s, dot, cmd, value);
    // an untyped nil (a nil interface{}) becomes "no value", as Go digs into interface values
    if (value === null) value = undefined;
  }
  for (const name of pipe.decl) {
    if (pipe.isAssign) s.setVar(name, value);
    else s.push(name, value);
  }
  return value;
}

function notAFunction(s: ExecState, args: ArgNode[], final: Final): void {
  if (args.length > 1 || final !== NO_FINAL) {
    const a = args[0]!;
    s.errorf(`can't give argument to non-function ${a.type === 'pipe' ? `(${nodeText(a)})` : nodeText(a)}`);
  }
}

const nodeText = (a: ArgNode): string =>
  a.type === 'number' ? a.text : a.type === 'string' ? a.quoted : a.type === 'bool' ? String(a.value) : '.';

function evalCommand(s: ExecState, dot: unknown, cmd: CommandNode, final: Final): unknown {
  const first = cmd.args[0]!;
  switch (first.type) {
    case 'field':
      s.at(first);
      return evalFieldChain(s, dot, dot, first, first.idents, cmd.args, final);
    case 'chain':
      return evalChain(s, dot, first, cmd.args, final);
    case 'identifier': {
      s.at(first);
      const fn = BUILTINS.get(first.name);
      if (!fn) return s.errorf(`${JSON.stringify(first.name)} is not a defined function`);
      return evalCall(s, dot, fn, cmd, first.name, cmd.args.slice(1), final);
    }
    case 'pipe':
      notAFunction(s, cmd.args, final);
      return evalPipeline(s, dot, first);
    case 'variable':
      return evalVariable(s, dot, first, cmd.args, final);
  }
  s.at(first);
  notAFunction(s, cmd.args, final);
  switch (first.type) {
    case 'bool':
      return first.value;
    case 'dot':
      return dot;
    case 'nil':
      return s.errorf('nil is not a command');
    case 'number':
      return idealConstant(s, first.text);
    case 'string':
      return first.text;
  }
}

function idealConstant(s: ExecState, text: string): unknown {
  const c = goConstant(text);
  if (c.kind === 'int' || c.kind === 'float') return c.value;
  if (c.kind === 'complex') return s.errorf(`complex constant ${text} is not supported`);
  return s.errorf(c.message);
}

function evalChain(
  s: ExecState,
  dot: unknown,
  chain: Extract<ArgNode, { type: 'chain' }>,
  args: ArgNode[],
  final: Final,
) {
  s.at(chain);
  if (chain.node.type === 'nil') s.errorf(`indirection through explicit nil in ${chain.fields.join('.')}`);
  const receiver = evalArg(s, dot, 'value', chain.node);
  return evalFieldChain(s, dot, receiver, chain, chain.fields, args, final);
}

function evalVariable(
  s: ExecState,
  dot: unknown,
  v: Extract<ArgNode, { type: 'variable' }>,
  args: ArgNode[],
  final: Final,
) {
  s.at(v);
  const value = s.varValue(v.idents[0]!);
  if (v.idents.length === 1) {
    notAFunction(s, args, final);
    return value;
  }
  return evalFieldChain(s, dot, value, v, v.idents.slice(1), args, final);
}

function evalFieldChain(
  s: ExecState,
  dot: unknown,
  receiverIn: unknown,
  node: ArgNode,
  idents: string[],
  args: ArgNode[],
  final: Final,
): unknown {
  let receiver = receiverIn;
  const last = idents.length - 1;
  for (let i = 0; i < last; i++) receiver = evalField(s, dot, idents[i]!, node, [], NO_FINAL, receiver);
  return evalField(s, dot, idents[last]!, node, args, final, receiver);
}

function evalField(
  s: ExecState,
  dot: unknown,
  name: string,
  node: ArgNode,
  args: ArgNode[],
  final: Final,
  receiver: unknown,
): unknown {
  if (receiver === undefined) return undefined;
  if (receiver === null) return s.errorf(`nil pointer evaluating interface {}.${name}`);
  const hasArgs = args.length > 1 || final !== NO_FINAL;
  if (receiver instanceof NilPointer) {
    const proto = receiver.struct?.prototype as Record<string, unknown> | undefined;
    if (proto && /^\p{Lu}/u.test(name) && typeof proto[name] === 'function') {
      s.errorf(`error calling ${name}: runtime error: invalid memory address or nil pointer dereference`);
    }
    return s.errorf(`nil pointer evaluating ${receiver.goType}.${name}`);
  }
  if (receiver instanceof GoStruct) {
    const method = structMethod(receiver, name);
    if (method) return evalCall(s, dot, signatureOf(method), node, name, args.slice(1), final);
    if (hasField(receiver, name)) {
      if (hasArgs) s.errorf(`${name} has arguments but cannot be invoked as function`);
      return (receiver as unknown as Record<string, unknown>)[name];
    }
  } else if (isMap(receiver)) {
    if (hasArgs) s.errorf(`${name} is not a method but has arguments`);
    return mapGet(receiver, name);
  }
  return s.errorf(`can't evaluate field ${name} in type ${typeName(receiver)}`);
}

function signatureOf(fn: ((...a: unknown[]) => unknown) & WithSignature): GoFunc {
  const sig = fn.goSignature ?? { params: [], variadic: 'any' as ParamType };
  return { ...sig, fn };
}

function evalCall(
  s: ExecState,
  dot: unknown,
  f: GoFunc,
  node: ArgNode | CommandNode,
  name: string,
  args: ArgNode[],
  final: Final,
): unknown {
  const numIn = args.length + (final !== NO_FINAL ? 1 : 0);
  const numFixed = f.params.length;
  if (f.variadic) {
    if (numIn < numFixed)
      s.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
  } else if (numIn !== numFixed) {
    s.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
  }
  if (f.fn === BUILTINS.get('and')?.fn || f.fn === BUILTINS.get('or')?.fn) {
    let v: unknown;
    for (const a of args) {
      v = evalArg(s, dot, 'value', a);
      if (isTrue(v) === (name === 'or')) return v;
    }
    return final !== NO_FINAL ? final : v;
  }
  const argv: unknown[] = args.map((a, i) => evalArg(s, dot, i < numFixed ? f.params[i]! : f.variadic!, a));
  if (final !== NO_FINAL) {
    const t = numIn - 1 < numFixed ? f.params[numIn - 1]! : f.variadic!;
    argv.push(validateType(s, final, t));
  }
  try {
    return f.fn(...argv);
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    s.at(node as never);
    return s.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateType(s: ExecState, value: unknown, t: ParamType): unknown {
  if (t === 'value') return value;
  if (t === 'any') return value === undefined ? null : value;
  if (value === undefined) return s.errorf('invalid value; expected string');
  if (typeof value !== 'string')
    return s.errorf(`wrong type for value; expected string; got ${typeName(value)}`);
  return value;
}

export function evalArg(s: ExecState, dot: unknown, t: ParamType, n: ArgNode): unknown {
  s.at(n);
  switch (n.type) {
    case 'dot':
      return validateType(s, dot, t);
    case 'nil':
      if (t === 'string') s.errorf('cannot assign nil to string');
      return null;
    case 'field':
      return validateType(s, evalFieldChain(s, dot, dot, n, n.idents, [n], NO_FINAL), t);
    case 'variable':
      return validateType(s, evalVariable(s, dot, n, [], NO_FINAL), t);
    case 'pipe':
      return validateType(s, evalPipeline(s, dot, n), t);
    case 'identifier': {
      const fn = BUILTINS.get(n.name);
      if (!fn) return s.errorf(`${JSON.stringify(n.name)} is not a defined function`);
      return validateType(s, evalCall(s, dot, fn, n, n.name, [], NO_FINAL), t);
    }
    case 'chain':
      return validateType(s, evalChain(s, dot, n, [], NO_FINAL), t);
  }
  if (t === 'string') {
    if (n.type === 'string') return n.text;
    return s.errorf(`expected string; found ${nodeText(n)}`);
  }
  if (n.type === 'bool') return n.value;
  if (n.type === 'number') return idealConstant(s, n.text);
  return n.text;
}

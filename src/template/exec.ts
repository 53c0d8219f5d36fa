/** Walking the parse tree: text, actions, if/with/range (with break/continue) and template invocation. */
import type { BranchNode, Node } from './ast.ts';
import { TemplateError } from './errors.ts';
import { evalPipeline } from './exec-eval.ts';
import { ExecState, MAX_EXEC_DEPTH } from './exec-state.ts';
import { noFlags, Printer } from './fmt/printer.ts';
import { sprint } from './fmt/printf.ts';
import type { TreeSet } from './parser.ts';
import { GoStruct, isMap, isTrue, kindOf, NilPointer, sortedEntries } from './values.ts';

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

export function execute(trees: TreeSet, name: string, data: unknown): string {
  const entry = trees.get(name);
  if (!entry) throw new TemplateError(`template: no template ${JSON.stringify(name)}`);
  const s = new ExecState(trees, name, entry.text, data);
  walk(s, data, entry.root);
  return s.out;
}

function walk(s: ExecState, dot: unknown, node: Node): void {
  s.at(node);
  switch (node.type) {
    case 'text':
      s.out += node.text;
      return;
    case 'list':
      for (const n of node.nodes) walk(s, dot, n);
      return;
    case 'action': {
      const v = evalPipeline(s, dot, node.pipe);
      if (node.pipe.decl.length === 0) printValue(s, node, v);
      return;
    }
    case 'if':
    case 'with':
      walkIfOrWith(s, dot, node);
      return;
    case 'range':
      walkRange(s, dot, node);
      return;
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
    case 'template': {
      const entry = s.trees.get(node.name);
      if (!entry) s.errorf(`template ${JSON.stringify(node.name)} not defined`);
      if (s.depth >= MAX_EXEC_DEPTH) s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      const newDot = evalPipeline(s, dot, node.pipe);
      const restore = s.enterTemplate(node.name, entry.text, newDot);
      try {
        walk(s, newDot, entry.root);
      } finally {
        restore();
      }
      return;
    }
  }
}

/** The action-level print of a value (printableValue + fmt.Fprint). */
function printValue(s: ExecState, node: Node, v: unknown): void {
  s.at(node);
  if (v === undefined) {
    s.out += '<no value>';
    return;
  }
  const kind = kindOf(v);
  if (kind === 'func') s.errorf(`can't print ${node.type === 'action' ? 'value' : ''} of type func`);
  if (v instanceof GoStruct && typeof (v as unknown as { String?: unknown }).String !== 'function') {
    const p = new Printer();
    p.f = noFlags();
    p.printStruct(v, 'v', 0);
    s.out += p.buf;
    return;
  }
  if (v instanceof NilPointer && v.struct?.nilString === undefined) {
    s.out += '<nil>';
    return;
  }
  s.out += sprint([v]);
}

function walkIfOrWith(s: ExecState, dot: unknown, node: BranchNode): void {
  const mark = s.mark();
  try {
    const val = evalPipeline(s, dot, node.pipe);
    if (isTrue(val)) walk(s, node.type === 'with' ? val : dot, node.list);
    else if (node.elseList) walk(s, dot, node.elseList);
  } finally {
    s.pop(mark);
  }
}

function walkRange(s: ExecState, dot: unknown, node: BranchNode): void {
  const outer = s.mark();
  try {
    const val = evalPipeline(s, dot, node.pipe);
    const mark = s.mark();
    const decl = node.pipe.decl;
    const one = (index: unknown, elem: unknown) => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) s.setVar(decl[0]!, decl.length > 1 ? index : elem);
        else s.setTopVar(1, elem);
      }
      if (decl.length > 1) {
        if (node.pipe.isAssign) s.setVar(decl[1]!, elem);
        else s.setTopVar(2, index);
      }
      try {
        walk(s, elem, node.list);
      } catch (e) {
        if (e !== CONTINUE) throw e;
      } finally {
        s.pop(mark);
      }
    };
    const items = rangeItems(s, val, decl.length);
    if (items.length === 0) {
      if (node.elseList) walk(s, dot, node.elseList);
      return;
    }
    try {
      for (const [i, e] of items) one(i, e);
    } catch (e) {
      if (e !== BREAK) throw e;
    }
  } finally {
    s.pop(outer);
  }
}

function rangeItems(s: ExecState, val: unknown, declCount: number): Array<[unknown, unknown]> {
  switch (kindOf(val)) {
    case 'slice':
      return (val as unknown[]).map((e, i) => [BigInt(i), e]);
    case 'map':
      return isMap(val) ? sortedEntries(val) : [];
    case 'invalid':
    case 'nil':
    case 'nilptr':
      return [];
    case 'int': {
      if (declCount > 1) s.errorf(`can't use ${val} to iterate over more than one variable`);
      const n = Number(val as bigint);
      return Array.from({ length: Math.max(n, 0) }, (_, i) => [undefined, BigInt(i)]);
    }
    default:
      return s.errorf(`range can't iterate over ${sprint([val])}`);
  }
}

/** Execution state: output, variable stack, current node (for error context) and the template set. */
import { type ArgNode, type CommandNode, type Loc, type Node, nodeString } from './ast.ts';
import { TemplateError } from './errors.ts';
import type { TreeSet } from './parser.ts';

export const MAX_EXEC_DEPTH = 1000;

type Located = (ArgNode | CommandNode | Node) & Loc;

export class ExecState {
  out = '';
  depth = 0;
  node: Located | null = null;
  private vars: Array<{ name: string; value: unknown }>;

  constructor(
    readonly trees: TreeSet,
    /** The template being executed (changes inside {{template}}). */
    public name: string,
    public text: string,
    dollar: unknown,
  ) {
    this.vars = [{ name: '$', value: dollar }];
  }

  at(node: Located): void {
    this.node = node;
  }

  errorf(msg: string): never {
    if (!this.node) throw new TemplateError(`template: ${this.name}: ${msg}`);
    const before = this.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const col = nl < 0 ? this.node.pos : this.node.pos - (nl + 1);
    const line = before.split('\n').length;
    let context = nodeString(this.node);
    if (context.length > 20) context = `${context.slice(0, 20)}...`;
    throw new TemplateError(
      `template: ${this.name}:${line}:${col}: executing ${JSON.stringify(this.name)} at <${context}>: ${msg}`,
    );
  }

  push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }
  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  /** Overwrites the most recent variable of that name. */
  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  /** Sets the n-th variable from the top (1 = top). */
  setTopVar(n: number, value: unknown): void {
    this.vars[this.vars.length - n]!.value = value;
  }
  varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }
  /** A fresh variable scope for an invoked template; returns a function restoring this one. */
  enterTemplate(name: string, text: string, dot: unknown): () => void {
    const saved = { vars: this.vars, name: this.name, text: this.text };
    this.vars = [{ name: '$', value: dot }];
    this.name = name;
    this.text = text;
    this.depth++;
    return () => {
      this.vars = saved.vars;
      this.name = saved.name;
      this.text = saved.text;
      this.depth--;
    };
  }
}

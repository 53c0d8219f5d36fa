/**
 * Parser for Go's text/template: text, actions and control structures (`if`, `range`, `with`, `define`,
 * `template`, `block`, `break`, `continue`). Pipelines are parsed in pipeline-parser.ts.
 */
import type { ListNode, Node, PipeNode } from './ast.ts';
import { TemplateError } from './errors.ts';
import { lex, type Token, type TokenType } from './lexer.ts';
import { parsePipeline } from './pipeline-parser.ts';
import { unquote } from './strings.ts';

type Marker = { type: 'end' } | { type: 'else' };
type Item = Node | Marker | null;

export interface TreeEntry {
  root: ListNode;
  /** The text the tree was parsed from (for error positions). */
  text: string;
}

/** Named trees: the main template under its own name plus every `define`/`block`. */
export type TreeSet = Map<string, TreeEntry>;

export class Parser {
  private i = 0;
  vars: string[] = ['$'];
  rangeDepth = 0;
  private readonly tokens: Token[];

  constructor(
    readonly name: string,
    readonly text: string,
    readonly funcs: ReadonlySet<string>,
    readonly trees: TreeSet,
  ) {
    this.tokens = lex(name, text);
  }

  next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== 'eof') this.i++;
    return t;
  }
  peek(): Token {
    return this.tokens[this.i]!;
  }
  backup(n = 1): void {
    this.i -= n;
  }
  get index(): number {
    return this.i;
  }
  set index(v: number) {
    this.i = v;
  }
  /** Skips spaces, then returns the next token without consuming it. */
  peekNonSpace(): Token {
    while (this.peek().type === 'space') this.i++;
    return this.peek();
  }
  nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }
  fail(msg: string): never {
    const line = this.tokens[Math.max(0, this.i - 1)]?.line ?? 1;
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`);
  }
  unexpected(t: Token, context: string): never {
    this.fail(`unexpected ${tokenString(t)} in ${context}`);
  }
  expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  /** Parses the whole text; the main body is stored under `name` (unless it is empty and already defined). */
  parseMain(): void {
    const root: ListNode = { type: 'list', nodes: [], pos: 0, line: 1 };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.i;
        this.next();
        const k = this.nextNonSpace();
        if (k.type === 'keyword' && k.value === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n && (n.type === 'end' || n.type === 'else')) this.fail(`unexpected {{${n.type}}}`);
      if (n) root.nodes.push(n as Node);
    }
    this.add(this.name, root);
  }

  private withFreshScope<T>(fn: () => T): T {
    const [vars, depth] = [this.vars, this.rangeDepth];
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return fn();
    } finally {
      this.vars = vars;
      this.rangeDepth = depth;
    }
  }

  private parseDefinition(): void {
    const t = this.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, 'define clause');
    const name = this.unquoteName(t);
    this.expect('rightDelim', 'define clause');
    const root = this.withFreshScope(() => this.bodyUntilEnd('define clause'));
    this.add(name, root);
  }

  private bodyUntilEnd(context: string): ListNode {
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.fail(`unexpected {{${end.type}}} in ${context}`);
    return list;
  }

  private add(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (!existing || isEmptyTree(existing.root)) this.trees.set(name, { root, text: this.text });
    else if (!isEmptyTree(root))
      this.fail(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  private unquoteName(t: Token): string {
    const s = unquote(t.value);
    if (s === null) this.fail('invalid syntax');
    return s;
  }

  private itemList(): [ListNode, Marker] {
    const first = this.peekNonSpace();
    const list: ListNode = { type: 'list', nodes: [], pos: first.pos, line: first.line };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n && (n.type === 'end' || n.type === 'else')) return [list, n as Marker];
      if (n) list.nodes.push(n as Node);
    }
    return this.fail('unexpected EOF');
  }

  private textOrAction(): Item {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { type: 'text', text: t.value, pos: t.pos, line: t.line };
      case 'leftDelim':
        return this.action();
      case 'comment':
        return null;
      default:
        return this.unexpected(t, 'input');
    }
  }

  private action(): Item {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.value) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${t.value}}} outside {{range}}`);
          this.expect('rightDelim', `{{${t.value}}}`);
          return { type: t.value, pos: t.pos, line: t.line };
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.value === 'if' || p.value === 'with')) return { type: 'else' };
          this.expect('rightDelim', 'else');
          return { type: 'else' };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { type: 'end' };
        case 'if':
        case 'range':
        case 'with':
          return this.control(t.value, t);
        case 'template':
          return this.templateControl();
      }
    }
    this.backup();
    const pipe = parsePipeline(this, 'command', 'rightDelim');
    return { type: 'action', pipe, pos: t.pos, line: t.line };
  }

  private control(kind: 'if' | 'range' | 'with', t: Token): Node {
    const saved = this.vars.length;
    try {
      const pipe: PipeNode = parsePipeline(this, kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      let list: ListNode;
      let next: Marker;
      try {
        [list, next] = this.itemList();
      } finally {
        if (kind === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        const p = this.peek();
        if (kind !== 'range' && p.type === 'keyword' && p.value === kind) {
          this.next();
          elseList = { type: 'list', nodes: [this.control(kind, p)], pos: p.pos, line: p.line };
        } else {
          const [els, end] = this.itemList();
          if (end.type !== 'end') this.fail(`expected end; found {{${end.type}}}`);
          elseList = els;
        }
      }
      return { type: kind, pipe, list, elseList, pos: t.pos, line: t.line };
    } finally {
      this.vars.length = saved;
    }
  }

  private templateName(context: string): Token & { name: string } {
    const t = this.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return { ...t, name: this.unquoteName(t) };
  }

  private templateControl(): Node {
    const t = this.templateName('template clause');
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = parsePipeline(this, 'template clause', 'rightDelim');
    }
    return { type: 'template', name: t.name, pipe, pos: t.pos, line: t.line };
  }

  private blockControl(): Node {
    const t = this.templateName('block clause');
    const pipe = parsePipeline(this, 'block clause', 'rightDelim');
    const root = this.withFreshScope(() => this.bodyUntilEnd('block clause'));
    this.add(t.name, root);
    return { type: 'template', name: t.name, pipe, pos: t.pos, line: t.line };
  }
}

/** A tree with nothing but whitespace text (and comments). */
export function isEmptyTree(n: Node): boolean {
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  if (n.type === 'text') return n.text.trim() === '';
  return false;
}

export function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'keyword') return `<${t.value}>`;
  const q = JSON.stringify(t.value);
  return t.value.length > 10 ? `${JSON.stringify(t.value.slice(0, 10))}...` : q;
}

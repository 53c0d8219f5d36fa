/** Pipelines: `$x := cmd arg … | cmd …`, commands, operands and terms (Go's parse.Tree.pipeline/command/term). */
import type { ArgNode, CommandNode, PipeNode } from './ast.ts';
import type { TokenType } from './lexer.ts';
import { goConstant } from './numbers.ts';
import type { Parser } from './parser.ts';
import { unquote } from './strings.ts';

const OPERAND_START = new Set<TokenType>([
  'bool',
  'char',
  'dot',
  'field',
  'identifier',
  'number',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

export function parsePipeline(p: Parser, context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
  const first = p.peekNonSpace();
  const pipe: PipeNode = {
    type: 'pipe',
    isAssign: false,
    decl: [],
    cmds: [],
    pos: first.pos,
    line: first.line,
  };
  for (;;) {
    const v = p.peekNonSpace();
    if (v.type !== 'variable') break;
    const save = p.index;
    p.next();
    const next = p.peekNonSpace();
    if (next.type === 'assign' || next.type === 'declare') {
      p.next();
      pipe.isAssign = next.type === 'assign';
      pipe.decl.push(v.value);
      p.vars.push(v.value);
      break;
    }
    if (next.type === 'comma') {
      p.next();
      pipe.decl.push(v.value);
      p.vars.push(v.value);
      if (context === 'range' && pipe.decl.length < 2) {
        const after = p.peekNonSpace().type;
        if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
        p.fail('range can only initialize variables');
      }
      p.fail(`too many declarations in ${context}`);
    }
    p.index = save;
    break;
  }
  for (;;) {
    const t = p.nextNonSpace();
    if (t.type === end) {
      checkPipeline(p, pipe, context);
      return pipe;
    }
    if (OPERAND_START.has(t.type) || (t.type === 'keyword' && t.value === 'nil')) {
      p.backup();
      pipe.cmds.push(command(p));
    } else {
      p.unexpected(t, context);
    }
  }
}

function checkPipeline(p: Parser, pipe: PipeNode, context: string): void {
  if (pipe.cmds.length === 0) p.fail(`missing value for ${context}`);
  pipe.cmds.slice(1).forEach((c, i) => {
    const t = c.args[0]?.type;
    if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
      p.fail(`non executable command in pipeline stage ${i + 2}`);
    }
  });
}

function command(p: Parser): CommandNode {
  const start = p.peekNonSpace();
  const cmd: CommandNode = { type: 'command', args: [], pos: start.pos, line: start.line };
  for (;;) {
    p.peekNonSpace();
    const op = operand(p);
    if (op) cmd.args.push(op);
    const t = p.next();
    if (t.type === 'space') continue;
    if (t.type === 'rightDelim' || t.type === 'rightParen') p.backup();
    else if (t.type !== 'pipe') p.unexpected(t, 'operand');
    break;
  }
  if (cmd.args.length === 0) p.fail('empty command');
  return cmd;
}

function operand(p: Parser): ArgNode | null {
  const node = term(p);
  if (!node) return null;
  if (p.peek().type !== 'field') return node;
  const chainPos = { pos: p.peek().pos, line: p.peek().line };
  const fields: string[] = [];
  while (p.peek().type === 'field') fields.push(p.next().value.slice(1));
  switch (node.type) {
    case 'field':
    case 'variable':
      return { ...node, ...chainPos, idents: [...node.idents, ...fields] };
    case 'bool':
    case 'string':
    case 'number':
    case 'nil':
    case 'dot': {
      const text = node.type === 'string' ? node.quoted : node.type === 'dot' ? '' : nodeText(node);
      return p.fail(`unexpected . after term ${JSON.stringify(text || '.')}`);
    }
    default:
      return { type: 'chain', node, fields, ...chainPos };
  }
}

const nodeText = (n: ArgNode) =>
  n.type === 'bool' ? String(n.value) : n.type === 'number' ? n.text : n.type === 'nil' ? 'nil' : '';

function term(p: Parser): ArgNode | null {
  const t = p.nextNonSpace();
  const loc = { pos: t.pos, line: t.line };
  switch (t.type) {
    case 'identifier':
      if (!p.funcs.has(t.value)) p.fail(`function ${JSON.stringify(t.value)} not defined`);
      return { type: 'identifier', name: t.value, ...loc };
    case 'dot':
      return { type: 'dot', ...loc };
    case 'keyword':
      if (t.value === 'nil') return { type: 'nil', ...loc };
      break;
    case 'variable':
      if (!p.vars.includes(t.value)) p.fail(`undefined variable ${JSON.stringify(t.value)}`);
      return { type: 'variable', idents: [t.value], ...loc };
    case 'field':
      return { type: 'field', idents: [t.value.slice(1)], ...loc };
    case 'bool':
      return { type: 'bool', value: t.value === 'true', ...loc };
    case 'char':
    case 'number': {
      const c = goConstant(t.value);
      if (c.kind === 'error' && !c.message.endsWith('overflows int')) p.fail(c.message);
      return { type: 'number', text: t.value, ...loc };
    }
    case 'leftParen':
      return parsePipeline(p, 'parenthesized pipeline', 'rightParen');
    case 'string':
    case 'rawString': {
      const s = unquote(t.value);
      if (s === null) p.fail('invalid syntax');
      return { type: 'string', quoted: t.value, text: s, ...loc };
    }
  }
  p.backup();
  return null;
}

/**
 * Lexer for Go's text/template language: splits a template into text and the tokens inside `{{ … }}`
 * actions, handling trim markers (`{{- ` / ` -}}`) and comments (`{{/* … *\/}}`).
 */
import { TemplateError } from './errors.ts';

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'comment'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'pipe'
  | 'assign'
  | 'declare'
  | 'comma'
  | 'leftParen'
  | 'rightParen'
  | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the template text. */
  pos: number;
  line: number;
}

export const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

const LEFT = '{{';
const RIGHT = '}}';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined) => c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));

export function lex(name: string, input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const newlines: number[] = [];
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (p: number) => {
    let n = 0;
    while (n < newlines.length && newlines[n]! < p) n++;
    return n + 1;
  };
  const fail = (msg: string, at: number): never => {
    throw new TemplateError(`template: ${name}:${lineAt(at)}: ${msg}`);
  };
  const emit = (type: TokenType, value: string, at: number) => {
    tokens.push({ type, value, pos: at, line: lineAt(at) });
  };
  let trimNextText = false;

  while (pos < input.length) {
    const open = input.indexOf(LEFT, pos);
    const end = open < 0 ? input.length : open;
    let text = input.slice(pos, end);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    trimNextText = false;
    let trimLeft = false;
    if (open >= 0 && input[open + 2] === '-' && isSpace(input[open + 3])) {
      trimLeft = true;
      text = text.replace(/[ \t\r\n]+$/, '');
    }
    if (text.length > 0) emit('text', text, pos);
    if (open < 0) break;
    pos = open + 2 + (trimLeft ? 2 : 0);
    // comment
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) fail('unclosed comment', open);
      let after = close + 2;
      let trimRight = false;
      if (isSpace(input[after]) && input[after + 1] === '-' && input.startsWith(RIGHT, after + 2)) {
        trimRight = true;
        after += 2;
      }
      if (!input.startsWith(RIGHT, after)) fail('comment ends before closing delimiter', open);
      emit('comment', input.slice(pos, close + 2), open);
      pos = after + 2;
      trimNextText = trimRight;
      continue;
    }
    emit('leftDelim', LEFT, open);
    const r = lexInsideAction(input, pos, emit, fail);
    pos = r.pos;
    trimNextText = r.trimRight;
  }
  tokens.push({ type: 'eof', value: '', pos: input.length, line: lineAt(input.length) });
  return tokens;
}

type Emit = (type: TokenType, value: string, at: number) => void;
type Fail = (msg: string, at: number) => never;

function lexInsideAction(
  input: string,
  start: number,
  emit: Emit,
  fail: Fail,
): { pos: number; trimRight: boolean } {
  let pos = start;
  let parenDepth = 0;
  const atRightDelim = (p: number): { trim: boolean; len: number } | null => {
    if (isSpace(input[p]) && input[p + 1] === '-' && input.startsWith(RIGHT, p + 2))
      return { trim: true, len: 4 };
    if (input.startsWith(RIGHT, p)) return { trim: false, len: 2 };
    return null;
  };
  for (;;) {
    const rd = atRightDelim(pos);
    if (rd) {
      if (parenDepth > 0) fail('unclosed left paren', pos);
      emit('rightDelim', RIGHT, pos);
      return { pos: pos + rd.len, trimRight: rd.trim };
    }
    const c = input[pos];
    if (c === undefined) fail('unclosed action', start);
    if (isSpace(c)) {
      let e = pos;
      while (isSpace(input[e]) && !atRightDelim(e)) e++;
      emit('space', input.slice(pos, e), pos);
      pos = e;
      continue;
    }
    if (c === '=') {
      emit('assign', '=', pos++);
    } else if (c === ':') {
      if (input[pos + 1] !== '=') fail('expected :=', pos);
      emit('declare', ':=', pos);
      pos += 2;
    } else if (c === '|') {
      emit('pipe', '|', pos++);
    } else if (c === ',') {
      emit('comma', ',', pos++);
    } else if (c === '(') {
      parenDepth++;
      emit('leftParen', '(', pos++);
    } else if (c === ')') {
      parenDepth--;
      if (parenDepth < 0) fail(`unexpected right paren`, pos);
      emit('rightParen', ')', pos++);
    } else if (c === '"') {
      pos = lexQuote(input, pos, '"', 'string', emit, fail);
    } else if (c === '`') {
      const close = input.indexOf('`', pos + 1);
      if (close < 0) fail('unterminated raw quoted string', pos);
      emit('rawString', input.slice(pos, close + 1), pos);
      pos = close + 1;
    } else if (c === "'") {
      pos = lexQuote(input, pos, "'", 'char', emit, fail);
    } else if (c === '$') {
      const e = identEnd(input, pos + 1);
      emit('variable', input.slice(pos, e), pos);
      pos = checkTerminator(input, e, fail);
    } else if (c === '.') {
      const n = input[pos + 1];
      if (n !== undefined && n >= '0' && n <= '9') {
        pos = lexNumber(input, pos, emit, fail);
      } else {
        const e = identEnd(input, pos + 1);
        if (e === pos + 1) emit('dot', '.', pos);
        else emit('field', input.slice(pos, e), pos);
        pos = checkTerminator(input, e, fail);
      }
    } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      pos = lexNumber(input, pos, emit, fail);
    } else if (isAlnum(c)) {
      const e = identEnd(input, pos);
      const word = input.slice(pos, e);
      if (KEYWORDS.has(word)) emit('keyword', word, pos);
      else if (word === 'true' || word === 'false') emit('bool', word, pos);
      else emit('identifier', word, pos);
      pos = checkTerminator(input, e, fail);
    } else {
      fail(`unrecognized character in action: ${quoteRune(c)}`, pos);
    }
  }
}

function identEnd(input: string, p: number): number {
  let e = p;
  while (isAlnum(input[e])) e++;
  return e;
}

/** After a word: only a space, delimiter, `.`, `,`, `|`, `:`, `(`, `)` or `=` may follow. */
function checkTerminator(input: string, e: number, fail: Fail): number {
  const c = input[e];
  if (c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith(RIGHT, e)) return e;
  return fail(`bad character ${quoteRune(c)}`, e);
}

function lexQuote(input: string, pos: number, q: string, type: TokenType, emit: Emit, fail: Fail): number {
  let i = pos + 1;
  for (;;) {
    const c = input[i];
    if (c === undefined || c === '\n')
      fail(type === 'char' ? 'unterminated character constant' : 'unterminated quoted string', pos);
    if (c === '\\') i += 2;
    else if (c === q) break;
    else i++;
  }
  emit(type, input.slice(pos, i + 1), pos);
  return i + 1;
}

function lexNumber(input: string, pos: number, emit: Emit, fail: Fail): number {
  const m =
    /^[+-]?(0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*([pP][+-]?[0-9_]+)?|0[oO][0-7_]+|0[bB][01_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(
      input.slice(pos),
    );
  const text = m?.[0] ?? '';
  const next = input[pos + text.length];
  if (isAlnum(next) || (text === '' && next !== undefined)) {
    fail(`bad number syntax: ${JSON.stringify(input.slice(pos, pos + text.length + 1))}`, pos);
  }
  emit('number', text, pos);
  return pos + text.length;
}

export function quoteRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

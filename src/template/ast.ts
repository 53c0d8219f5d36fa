/** Parse tree of a text/template (the node kinds of Go's text/template/parse). */

export interface Loc {
  pos: number;
  line: number;
}

export type ArgNode =
  | ({ type: 'field'; idents: string[] } & Loc)
  | ({ type: 'variable'; idents: string[] } & Loc)
  | ({ type: 'chain'; node: ArgNode; fields: string[] } & Loc)
  | ({ type: 'identifier'; name: string } & Loc)
  | ({ type: 'dot' } & Loc)
  | ({ type: 'nil' } & Loc)
  | ({ type: 'bool'; value: boolean } & Loc)
  | ({ type: 'number'; text: string } & Loc)
  | ({ type: 'string'; quoted: string; text: string } & Loc)
  | PipeNode;

export interface CommandNode extends Loc {
  type: 'command';
  args: ArgNode[];
}

export interface PipeNode extends Loc {
  type: 'pipe';
  isAssign: boolean;
  decl: string[];
  cmds: CommandNode[];
}

export interface ListNode extends Loc {
  type: 'list';
  nodes: Node[];
}

export type BranchNode = {
  type: 'if' | 'range' | 'with';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
} & Loc;

export type Node =
  | ListNode
  | ({ type: 'text'; text: string } & Loc)
  | ({ type: 'action'; pipe: PipeNode } & Loc)
  | BranchNode
  | ({ type: 'template'; name: string; pipe: PipeNode | null } & Loc)
  | ({ type: 'break' } & Loc)
  | ({ type: 'continue' } & Loc);

/** The text form Go uses in error messages (`at <.User.Email>`). */
export function nodeString(n: ArgNode | CommandNode | Node): string {
  switch (n.type) {
    case 'field':
      return `.${n.idents.join('.')}`;
    case 'variable':
      return n.idents.join('.');
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return `${inner}.${n.fields.join('.')}`;
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const e = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${e}{{end}}`;
    }
    case 'template':
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ` ${nodeString(n.pipe)}` : ''}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
  }
}

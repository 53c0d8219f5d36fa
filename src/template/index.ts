/**
 * A self-contained implementation of Go's text/template (parse and execute), so that templates written for
 * the upstream server render identically. Data follows the value model in values.ts.
 *
 *   const t = new Template('claim').parse('{{ .User.Email.Address }}');
 *   t.execute(data); // throws TemplateError on failure
 */

import { BUILTINS } from './builtins.ts';
import { TemplateError } from './errors.ts';
import { execute } from './exec.ts';
import { isEmptyTree, Parser, type TreeSet } from './parser.ts';

export type { ParamType, WithSignature } from './builtins.ts';
export { TemplateError } from './errors.ts';
export { GoStruct, NilPointer } from './values.ts';

const FUNC_NAMES: ReadonlySet<string> = new Set(BUILTINS.keys());

export class Template {
  private readonly trees: TreeSet = new Map();

  constructor(readonly name: string) {}

  /** Parses text into this template (and any templates it defines); may be called again to add more. */
  parse(text: string): this {
    try {
      const parsed: TreeSet = new Map();
      new Parser(this.name, text, FUNC_NAMES, parsed).parseMain();
      // a later parse may redefine templates, but an empty body never replaces an existing one
      for (const [name, entry] of parsed) {
        if (!(this.trees.has(name) && isEmptyTree(entry.root))) this.trees.set(name, entry);
      }
    } catch (e) {
      if (e instanceof RangeError)
        throw new TemplateError(`template: ${this.name}: template too deeply nested`);
      throw e;
    }
    return this;
  }

  /** Names of all templates known to this one. */
  templates(): string[] {
    return [...this.trees.keys()];
  }

  execute(data: unknown): string {
    return this.executeTemplate(this.name, data);
  }

  executeTemplate(name: string, data: unknown): string {
    if (!this.trees.has(name)) {
      throw new TemplateError(
        `template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`,
      );
    }
    try {
      return execute(this.trees, name, data);
    } catch (e) {
      if (e instanceof RangeError) throw new TemplateError(`template: ${name}: execution too deeply nested`);
      throw e;
    }
  }
}

/** Parses and executes one template text. */
export function renderTemplate(text: string, data: unknown, name = ''): string {
  return new Template(name).parse(text).execute(data);
}

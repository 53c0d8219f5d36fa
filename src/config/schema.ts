import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isDuration } from '../util/duration.ts';
import { projectFile } from '../util/paths.ts';

export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  format?: string;
  default?: unknown;
  description?: string;
  'x-env'?: string;
  'x-secret'?: boolean;
}

const schemaUrl = projectFile('json_schema', 'hanko.config.json');
export const configSchema: SchemaNode = JSON.parse(readFileSync(schemaUrl, 'utf8'));

let compiled: ValidateFunction | undefined;

/** The validator fills defaults (useDefaults) and coerces nothing: env values are typed before. */
export function configValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true, allowUnionTypes: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat('duration', { type: 'string', validate: isDuration });
  ajv.addKeyword('x-env');
  ajv.addKeyword('x-secret');
  compiled = ajv.compile(configSchema);
  return compiled;
}

/** `/secrets/keys/0` → `secrets.keys[0]` */
export function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

export function describeAjvError(e: ErrorObject): { path: string; problem: string } {
  let path = keyPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  let problem: string;
  switch (e.keyword) {
    case 'minLength':
      problem = `must be at least ${p.limit} characters`;
      break;
    case 'maxLength':
      problem = `must be at most ${p.limit} characters`;
      break;
    case 'minItems':
      problem = `must have at least ${p.limit} ${p.limit === 1 ? 'entry' : 'entries'}`;
      break;
    case 'type':
      problem = `must be of type ${Array.isArray(p.type) ? p.type.join(' or ') : p.type}`;
      break;
    case 'enum':
      problem = `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
      break;
    case 'format':
      problem =
        p.format === 'duration'
          ? 'must be a duration such as 300ms, 30s, 5m or 12h'
          : `must be a valid ${String(p.format)}`;
      break;
    case 'minimum':
      problem = `must be at least ${p.limit}`;
      break;
    case 'maximum':
      problem = `must be at most ${p.limit}`;
      break;
    case 'required':
      path = path ? `${path}.${p.missingProperty}` : String(p.missingProperty);
      problem = 'is required';
      break;
    default:
      problem = e.message ?? 'is invalid';
  }
  return { path, problem };
}

/** Schema node at a key path (array items and map values included), or undefined if unknown. */
export function childSchema(node: SchemaNode, key: string): SchemaNode | undefined {
  if (node.properties?.[key]) return node.properties[key];
  if (node.patternProperties) {
    for (const [re, s] of Object.entries(node.patternProperties)) if (new RegExp(re).test(key)) return s;
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    return node.additionalProperties;
  return undefined;
}

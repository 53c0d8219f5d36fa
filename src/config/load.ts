import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { applyEnv } from './env.ts';
import { ConfigError } from './errors.ts';
import { convertLegacy } from './legacy.ts';
import { childSchema, configSchema, configValidator, describeAjvError, type SchemaNode } from './schema.ts';
import type { Config } from './types.ts';
import { checkSemantics } from './validate.ts';

export const DEFAULT_CONFIG_PATH = './config/config.yaml';

export interface LoadOptions {
  /** Path given with --config; a missing or unreadable explicit file is fatal. */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: Config;
  warnings: string[];
  /** Where the file came from, or undefined when none was read. */
  source?: string;
  /** True when the database section was given in the file or the environment. */
  databaseConfigured: boolean;
}

export function loadConfig(opts: LoadOptions = {}): LoadedConfig {
  const env = opts.env ?? process.env;
  const warnings: string[] = [];
  let raw: Record<string, unknown> = {};
  let source: string | undefined;
  const path = opts.file ?? DEFAULT_CONFIG_PATH;
  if (opts.file || existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError('', `cannot read config file ${path}: ${(err as Error).message}`);
    }
    try {
      const parsed = parseYaml(text) ?? {};
      if (typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('the top level must be a mapping');
      raw = parsed as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError('', `cannot parse config file ${path}: ${(err as Error).message.split('\n')[0]}`);
    }
    source = path;
  }
  return buildConfig(raw, env, warnings, source);
}

/** Validates a raw document (file content) with the environment laid over it. */
export function buildConfig(
  input: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
  warnings: string[] = [],
  source?: string,
): LoadedConfig {
  const raw = structuredClone(input);
  const databaseConfigured =
    isObject(raw.database) && Object.keys(raw.database).some((k) => k !== 'data_dir')
      ? true
      : Object.keys(env).some((k) => k.startsWith('DATABASE_') && k !== 'DATABASE_DATA_DIR' && env[k] !== '');

  collectUnknownKeys(raw, configSchema, '', warnings);
  applyEnv(raw, env);
  convertLegacy(raw);

  const validate = configValidator();
  if (!validate(raw)) {
    const first = validate.errors?.[0];
    if (first) {
      const { path: p, problem } = describeAjvError(first);
      throw new ConfigError(p, problem);
    }
    throw new ConfigError('', 'invalid configuration');
  }
  const config = raw as unknown as Config;
  checkSemantics(config);
  return { config, warnings, databaseConfigured, ...(source ? { source } : {}) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collectUnknownKeys(value: unknown, node: SchemaNode, prefix: string, out: string[]): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) for (const [i, v] of value.entries()) collectUnknownKeys(v, items, `${prefix}[${i}]`, out);
    return;
  }
  if (!isObject(value)) return;
  const free =
    node.type === 'object' && !node.properties && !node.patternProperties && !node.additionalProperties;
  if (free) return;
  for (const [k, v] of Object.entries(value)) {
    const child = childSchema(node, k);
    const p = prefix ? `${prefix}.${k}` : k;
    if (!child) {
      out.push(`unknown configuration key ${p} is ignored`);
      continue;
    }
    collectUnknownKeys(v, child, p, out);
  }
}

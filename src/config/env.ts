import { ConfigError } from './errors.ts';
import { configSchema, type SchemaNode } from './schema.ts';

interface EnvBinding {
  name: string;
  path: string[];
  node: SchemaNode;
}

let bindings: EnvBinding[] | undefined;

/** Every leaf of the schema that names an environment variable (`x-env`). */
export function envBindings(): EnvBinding[] {
  if (bindings) return bindings;
  const out: EnvBinding[] = [];
  const walk = (node: SchemaNode, path: string[]) => {
    if (node['x-env']) out.push({ name: node['x-env'], path, node });
    for (const [k, child] of Object.entries(node.properties ?? {})) walk(child, [...path, k]);
  };
  walk(configSchema, []);
  bindings = out;
  return out;
}

/** Lays environment variables over the file's values (env wins), typed by the schema. */
export function applyEnv(target: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  for (const b of envBindings()) {
    const raw = env[b.name];
    if (raw === undefined) continue;
    const value = convert(raw, b);
    let obj = target;
    for (const key of b.path.slice(0, -1)) {
      const next = obj[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) obj[key] = {};
      obj = obj[key] as Record<string, unknown>;
    }
    obj[b.path[b.path.length - 1] as string] = value;
  }
}

function types(node: SchemaNode): string[] {
  return Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
}

function convert(raw: string, b: EnvBinding): unknown {
  const where = `${b.path.join('.')} (${b.name})`;
  const t = types(b.node);
  if (b.name === 'WEBHOOKS_HOOKS') {
    return raw
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        try {
          return JSON.parse(s);
        } catch {
          throw new ConfigError(where, 'must be JSON objects separated by ";"');
        }
      });
  }
  if (t.includes('string')) return raw;
  if (t.includes('boolean')) {
    const v = raw.trim().toLowerCase();
    if (['1', 't', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'f', 'false', 'no', 'off', ''].includes(v)) return false;
    throw new ConfigError(where, 'must be true or false');
  }
  if (t.includes('integer') || t.includes('number')) {
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(where, 'must be an integer');
    return Number(raw.trim());
  }
  if (t.includes('array')) {
    return raw === ''
      ? []
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  if (t.includes('object')) {
    const out: Record<string, string> = {};
    for (const pair of raw.split(',').filter(Boolean)) {
      const i = pair.indexOf(':');
      if (i < 1) throw new ConfigError(where, 'must be a list of key:value pairs');
      out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
    return out;
  }
  return raw;
}

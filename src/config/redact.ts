import { childSchema, configSchema, type SchemaNode } from './schema.ts';

/** A copy of the config with every `x-secret` value replaced by "[REDACTED]". */
export function redactConfig(value: unknown, node: SchemaNode = configSchema): unknown {
  if (node['x-secret']) {
    if (Array.isArray(value)) return value.map(() => '[REDACTED]');
    return value === undefined || value === '' ? value : '[REDACTED]';
  }
  if (Array.isArray(value)) return value.map((v) => (node.items ? redactConfig(v, node.items) : v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child = childSchema(node, k);
      out[k] = child ? redactConfig(v, child) : v;
    }
    return out;
  }
  return value;
}

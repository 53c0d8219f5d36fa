/**
 * Custom session JWT claims from `session.jwt_template.claims` (events.md §3.3).
 *
 * Every string (also inside nested maps and lists) is a Go text/template rendered with `.User`; the output
 * becomes a boolean (`true`/`false`), a parsed object/array (when it is `{…}`/`[…]` and valid JSON) or stays a
 * string. Numbers and booleans in the configuration are kept as they are. A template that fails to parse or
 * to run drops its whole top-level claim (with a warning); rendering never throws.
 *
 * Decision: the docs say the reserved claims are ignored, so `sub`, `iat`, `exp`, `aud`, `iss`, `email`,
 * `username` and `session_id` are always dropped from the template output (upstream's code lets `iss`,
 * `email` and `username` survive when the default claim is absent).
 */
import { Template } from '../template/index.ts';
import { ClaimTemplateData, type TemplateUser } from './jwt-template-user.ts';

export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'sub',
  'iat',
  'exp',
  'aud',
  'iss',
  'email',
  'username',
  'session_id',
]);

/** The result conversion applied to every rendered string. */
export function convertRendered(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if ((s.startsWith('{') && s.endsWith('}')) || (s.startsWith('[') && s.endsWith(']'))) {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  }
  return s;
}

/** Parsed claim templates by text (the configuration is fixed, so this stays small); parse errors too. */
const parsed = new Map<string, Template | Error>();
const MAX_CACHED = 1000;

function compile(text: string): Template {
  let t = parsed.get(text);
  if (!t) {
    try {
      t = new Template('').parse(text);
    } catch (e) {
      t = e instanceof Error ? e : new Error(String(e));
    }
    if (parsed.size < MAX_CACHED) parsed.set(text, t);
  }
  if (t instanceof Error) throw t;
  return t;
}

function renderValue(value: unknown, data: ClaimTemplateData): unknown {
  if (typeof value === 'string') return convertRendered(compile(value).execute(data));
  if (Array.isArray(value)) return value.map((v) => renderValue(v, data));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, renderValue(v, data));
    return out;
  }
  return value;
}

/** Plain property definition, so that a key such as `__proto__` stays data. */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The part of the logger used here (pino's `warn(obj, msg)`). */
export interface WarnLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export function renderTemplateClaims(
  claimsConfig: Record<string, unknown> | undefined,
  user: TemplateUser,
  logger: WarnLogger,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!claimsConfig) return out;
  const data = new ClaimTemplateData(user);
  for (const [name, value] of Object.entries(claimsConfig)) {
    if (RESERVED_CLAIMS.has(name)) {
      logger.warn({ claim: name }, 'reserved JWT claim in session.jwt_template ignored');
      continue;
    }
    try {
      setOwn(out, name, renderValue(value, data));
    } catch (err) {
      logger.warn(
        { claim: name, err: err instanceof Error ? err.message : String(err) },
        'failed to process custom JWT claim; claim left out',
      );
    }
  }
  return out;
}

import { type Logger, type LoggerOptions, pino } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'passcode',
  '*.passcode',
  'code',
  '*.code',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'csrf_token',
  '*.csrf_token',
  'input_data',
  '*.input_data',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'res.headers["x-auth-token"]',
  'headers.authorization',
  'headers.cookie',
];

/** Errors as logged: database drivers attach the query's bound values (user input), which never reach a log. */
function safeErr(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const k of ['params', 'parameters', 'bindings', 'values']) delete out[k];
  return out;
}

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'hanko-ts' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: { err: safeErr },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
}

export type { Logger };

import autocannon from 'autocannon';
import type { RunResult } from './stats.ts';

/** One autocannon run (a single request repeated) → throughput and latency. */
export async function runAutocannon(opts: {
  url: string;
  connections: number;
  seconds: number;
  warmup: number;
  headers?: Record<string, string>;
}): Promise<RunResult> {
  const base = { url: opts.url, connections: opts.connections, headers: opts.headers ?? {}, timeout: 30 };
  if (opts.warmup > 0) await autocannon({ ...base, duration: opts.warmup });
  const r = await autocannon({ ...base, duration: opts.seconds });
  const bad = r.non2xx + r.errors + r.timeouts;
  if (r.requests.total > 0 && bad > r.requests.total / 2)
    throw new Error(`${opts.url}: ${bad} of ${r.requests.total} failed`);
  return { rate: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: bad };
}

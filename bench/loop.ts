import { percentile, type RunResult } from './stats.ts';

/**
 * A closed-loop load generator for multi-step scenarios: `connections` workers each run `iteration` back to back
 * for `seconds` (after `warmup` seconds that are not counted). Latency is per iteration in milliseconds.
 */
export async function runLoop(
  iteration: (worker: number, n: number) => Promise<number | undefined | void>,
  opts: { connections: number; seconds: number; warmup: number },
): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const start = performance.now();
  const warmEnd = start + opts.warmup * 1000;
  const end = warmEnd + opts.seconds * 1000;
  let counted = 0;
  const worker = async (w: number) => {
    let n = 0;
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const own = await iteration(w, n++);
        const t1 = performance.now();
        if (t0 >= warmEnd && t1 <= end) {
          latencies.push(typeof own === 'number' ? own : t1 - t0);
          counted++;
        }
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, (_, i) => worker(i)));
  if (errors > 0 && counted === 0) throw new Error(`every iteration failed: ${String(firstError)}`);
  if (firstError)
    console.error(`  (${errors} failed iterations; first: ${String(firstError).slice(0, 200)})`);
  latencies.sort((a, b) => a - b);
  return {
    rate: counted / opts.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

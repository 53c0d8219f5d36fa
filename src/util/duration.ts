/**
 * Go-style duration strings (`300ms`, `1.5h`, `2h45m`, `0`), as used throughout the configuration.
 *
 * A duration is a sequence of decimal numbers, each with an optional fraction and a mandatory unit.
 * Units: `ns`, `us` (also `µs` / `μs`), `ms`, `s`, `m`, `h`. The bare string `0` is allowed without a unit.
 * A leading `+` is accepted; negative durations are rejected because no setting can use them.
 */

/** Length of each unit in nanoseconds. */
const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Largest duration Go can represent (int64 nanoseconds, about 292 years). */
const MAX_NS = 2n ** 63n - 1n;

/** One `<number><unit>` component: integer digits, optional fraction, then everything up to the next number. */
const COMPONENT = /(\d*)(?:\.(\d*))?([^\d.]*)/y;

function invalid(input: string, reason: string): Error {
  return new Error(
    `invalid duration ${JSON.stringify(input)}: ${reason} (expected e.g. "300ms", "10s", "1.5h" or "2h45m"; units: ns, us, ms, s, m, h)`,
  );
}

/** Parses `input` to exact nanoseconds. */
function parseNanoseconds(input: string): bigint {
  if (typeof input !== 'string') throw invalid(String(input), 'not a string');
  let s = input;
  if (s.startsWith('-')) throw invalid(input, 'negative durations are not allowed');
  if (s.startsWith('+')) s = s.slice(1);
  if (s === '0') return 0n;
  if (s === '') throw invalid(input, 'empty value');

  let total = 0n;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < s.length) {
    const start = COMPONENT.lastIndex;
    const m = COMPONENT.exec(s);
    if (m === null || m[0] === '') throw invalid(input, `unexpected character at position ${start + 1}`);
    const intDigits = m[1] ?? '';
    const fracDigits = m[2] ?? '';
    const unitName = m[3] ?? '';
    if (intDigits === '' && fracDigits === '') throw invalid(input, 'a number is missing before a unit');
    if (unitName === '') throw invalid(input, 'a unit is missing after a number');
    const unit = UNIT_NS[unitName];
    if (unit === undefined) throw invalid(input, `unknown unit "${unitName}"`);
    let value = BigInt(intDigits || '0') * unit;
    if (fracDigits !== '') {
      // Truncate anything below one nanosecond, like Go does.
      value += (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    }
    total += value;
    if (total > MAX_NS) throw invalid(input, 'value too large');
  }
  return total;
}

/**
 * Parses a Go duration string and returns its length in milliseconds (fractional for sub-millisecond values).
 * Throws an `Error` describing the problem when the string is not a valid, non-negative duration.
 */
export function parseDuration(s: string): number {
  const ns = parseNanoseconds(s);
  const ms = ns / 1_000_000n;
  const rest = ns % 1_000_000n;
  return Number(ms) + Number(rest) / 1_000_000;
}

/** Whether `s` is a valid, non-negative Go duration string. */
export function isDuration(s: string): boolean {
  try {
    parseNanoseconds(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * `hanko user import` without the CLI: validates every entry, then writes them in batches (one transaction
 * per batch, all rows of an entry in the same one).
 *
 * Differences from upstream (events.md §4.2), on purpose: a bad entry does not stop the import. It is
 * reported with its index (0-based position in the array) and the field (JSON pointer inside the entry),
 * nothing of it is written, and the other entries are imported. Entries whose user already exists are
 * skipped, so importing the same file twice changes nothing.
 *
 * Identifiers (user_id, addresses, username, credential ids, user handles) may appear only once in a file:
 * a later entry that repeats one an earlier entry uses fails, whatever happens to the earlier entry.
 */
import type { Knex } from 'knex';
import { type PlannedUser, planEntry } from './plan.ts';
import type { EntryProblem, ImportEntry } from './schema.ts';
import { claimKey } from './store.ts';
import { checkEntry } from './validate.ts';
import { type Outcome, writeBatch } from './write.ts';

export interface ImportProblem extends EntryProblem {
  index: number;
}

export interface ImportSummary {
  created: number;
  skipped: number;
  failed: number;
  /** One per failed entry, by index. */
  problems: ImportProblem[];
}

export interface ImportOptions {
  /** Entries per transaction (default 500). */
  batchSize?: number;
  /** Default for missing timestamps (default: now). */
  now?: Date;
  onProgress?(done: number, total: number): void;
}

export async function importUsers(
  knex: Knex,
  entries: unknown[],
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 500;
  const now = opts.now ?? new Date();
  const summary: ImportSummary = { created: 0, skipped: 0, failed: 0, problems: [] };
  const firstUse = new Map<string, number>();
  const record = (o: Outcome) => {
    if (o.status === 'failed') {
      summary.failed++;
      summary.problems.push({ index: o.index, path: o.path, message: o.message });
    } else summary[o.status]++;
  };

  let batch: PlannedUser[] = [];
  let done = 0;
  const flush = async () => {
    for (const o of await writeBatch(knex, batch)) record(o);
    done += batch.length;
    batch = [];
    opts.onProgress?.(done, entries.length);
  };

  for (const [index, raw] of entries.entries()) {
    const problem = checkEntry(raw);
    if (problem) {
      record({ index, status: 'failed', ...problem });
      done++;
      continue;
    }
    const planned = planEntry(raw as ImportEntry, index, now);
    const repeated = planned.claims.find((c) => firstUse.has(claimKey(c)));
    if (repeated) {
      const earlier = firstUse.get(claimKey(repeated));
      record({ index, status: 'failed', path: repeated.path, message: `is also used by entry ${earlier}` });
      done++;
      continue;
    }
    for (const c of planned.claims) firstUse.set(claimKey(c), index);
    batch.push(planned);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  summary.problems.sort((a, b) => a.index - b.index);
  return summary;
}

export const formatProblem = (p: ImportProblem): string =>
  `Error at entry ${p.index} (${p.path || '/'}): ${p.message}`;

export const formatSummary = (s: ImportSummary): string =>
  `created ${s.created}, skipped ${s.skipped}, failed ${s.failed}`;

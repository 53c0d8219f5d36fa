/**
 * `hanko user export`: writes every user in the import format (json_schema/hanko.user_import.json) to a file
 * only its owner may read (mode 0600). Like upstream (events.md §4.3) it contains `user_id`, `emails`
 * (address, is_primary, is_verified), `created_at` and `updated_at`.
 *
 * Extension of hanko-ts: `username` (a field of the import format that upstream does not export) and
 * `metadata` (our import extension) are written too, so that an export can be imported again without loss
 * of those. Passwords, WebAuthn credentials and OTP secrets are never exported.
 *
 * Users are read in pages (keyset on id) and streamed to the file, so memory stays flat. Each user's emails
 * are listed primary first, then by address.
 */
import { open } from 'node:fs/promises';
import type { Knex } from 'knex';
import { listEmailsOfUsers } from '../persistence/repositories/emails.ts';
import { listUserMetadataOfUsers } from '../persistence/repositories/user-metadata.ts';
import { listUsernamesOfUsers } from '../persistence/repositories/users.ts';
import { metadataView } from './metadata.ts';

interface ExportedEmail {
  address: string;
  is_primary: boolean;
  is_verified: boolean;
}

export interface ExportedUser {
  user_id: string;
  emails: ExportedEmail[];
  username?: string;
  metadata?: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

async function exportPage(
  knex: Knex,
  ids: string[],
): Promise<Map<string, Omit<ExportedUser, 'user_id' | 'created_at' | 'updated_at'>>> {
  const emails = await listEmailsOfUsers(knex, ids);
  const usernames = await listUsernamesOfUsers(knex, ids);
  const metadata = await listUserMetadataOfUsers(knex, ids);
  const out = new Map(
    ids.map((id) => [
      id,
      { emails: [] as ExportedEmail[] } as Omit<ExportedUser, 'user_id' | 'created_at' | 'updated_at'>,
    ]),
  );
  for (const e of emails)
    out
      .get(e.user_id ?? '')
      ?.emails.push({ address: e.address, is_primary: e.is_primary, is_verified: e.verified });
  for (const u of usernames) {
    const entry = out.get(u.user_id);
    if (entry) entry.username = u.username;
  }
  // Primary first, then by address: the same order after every round trip (email ids are random).
  for (const entry of out.values())
    entry.emails.sort(
      (a, b) => Number(b.is_primary) - Number(a.is_primary) || (a.address < b.address ? -1 : 1),
    );
  for (const [id, docs] of metadata) {
    const view = metadataView(docs);
    const entry = out.get(id);
    if (entry && view) entry.metadata = view;
  }
  return out;
}

/** Writes all users to `file` and returns how many were written. */
export async function exportUsers(
  knex: Knex,
  file: string,
  opts: { pageSize?: number } = {},
): Promise<number> {
  const pageSize = opts.pageSize ?? 1000;
  const handle = await open(file, 'w', 0o600);
  let count = 0;
  try {
    await handle.chmod(0o600); // the file may have existed with a wider mode
    await handle.write('[');
    let after: string | undefined;
    for (;;) {
      const q = knex('users').orderBy('id').limit(pageSize).select('id', 'created_at', 'updated_at');
      if (after !== undefined) q.where('id', '>', after);
      const users: Array<{ id: string; created_at: Date; updated_at: Date }> = await q;
      if (users.length === 0) break;
      const details = await exportPage(
        knex,
        users.map((u) => u.id),
      );
      const chunk = users.map((u) => {
        const entry: ExportedUser = {
          user_id: u.id,
          ...details.get(u.id)!,
          created_at: u.created_at.toISOString(),
          updated_at: u.updated_at.toISOString(),
        };
        return `${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(entry)}`;
      });
      await handle.write(chunk.join(''));
      after = users[users.length - 1]!.id;
    }
    await handle.write(count === 0 ? ']\n' : '\n]\n');
  } finally {
    await handle.close();
  }
  return count;
}

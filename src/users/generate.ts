/**
 * `hanko user generate`: writes `count` fake users in the import format, each with a random verified primary
 * address, streamed to the file in chunks (100,000 users take well under a second to make).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';

const FIRST = ['alex', 'sam', 'kim', 'jo', 'max', 'robin', 'chris', 'pat', 'lee', 'noa', 'mika', 'toni'];
const LAST = ['smith', 'meyer', 'garcia', 'kowalski', 'nguyen', 'rossi', 'silva', 'novak', 'berg', 'khan'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

const pick = <T>(list: T[], byte: number): T => list[byte % list.length] as T;

/** One fake entry; the index and 6 random bytes keep addresses unique within a file and across files. */
export function fakeUser(index: number, now: string): string {
  const r = randomBytes(9);
  const local = `${pick(FIRST, r[0]!)}.${pick(LAST, r[1]!)}.${index}.${r.subarray(3).toString('hex')}`;
  return JSON.stringify({
    user_id: randomUUID(),
    emails: [{ address: `${local}@${pick(DOMAINS, r[2]!)}`, is_primary: true, is_verified: true }],
    created_at: now,
    updated_at: now,
  });
}

const CHUNK = 5000;

export async function generateUsers(file: string, count: number): Promise<void> {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('count must be a whole number ≥ 0');
  const now = new Date().toISOString();
  const handle = await open(file, 'w');
  try {
    await handle.write('[');
    for (let start = 0; start < count; start += CHUNK) {
      const end = Math.min(count, start + CHUNK);
      const parts: string[] = [];
      for (let i = start; i < end; i++) parts.push(`${i === 0 ? '\n' : ',\n'}${fakeUser(i, now)}`);
      await handle.write(parts.join(''));
    }
    await handle.write(count === 0 ? ']\n' : '\n]\n');
  } finally {
    await handle.close();
  }
}

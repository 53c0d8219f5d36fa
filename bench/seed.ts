import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** Inserts `count` users (verified primary email, optional shared password hash) in batches. */
export async function seedUsers(knex: Knex, count: number, passwordHash?: string): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const users: object[] = [];
    const emails: object[] = [];
    const primaries: object[] = [];
    const passwords: object[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = randomUUID();
      const emailId = randomUUID();
      ids.push(id);
      users.push({ id, created_at: now, updated_at: now });
      emails.push({
        id: emailId,
        user_id: id,
        address: `user${i}@bench.example`,
        verified: true,
        created_at: now,
        updated_at: now,
      });
      primaries.push({ id: randomUUID(), user_id: id, email_id: emailId, created_at: now, updated_at: now });
      if (passwordHash)
        passwords.push({
          id: randomUUID(),
          user_id: id,
          password: passwordHash,
          created_at: now,
          updated_at: now,
        });
    }
    await knex.transaction(async (trx) => {
      await trx('users').insert(users);
      await trx('emails').insert(emails);
      await trx('primary_emails').insert(primaries);
      if (passwords.length) await trx('password_credentials').insert(passwords);
    });
  }
  return ids;
}

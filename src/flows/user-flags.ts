import type { Knex } from 'knex';
import type { Stash } from '../../flows/definition.ts';

/** Stashes what the flows need to know about an identified user (§4.2 step 5), in one query. */
export async function stashUserFlags(db: Knex, stash: Stash, userId: string): Promise<void> {
  const count = (table: string, mfaOnly?: boolean) =>
    mfaOnly === undefined
      ? db.raw(`(select count(*) from ${table} where user_id = ?)`, [userId])
      : db.raw(`(select count(*) from ${table} where user_id = ? and mfa_only = ?)`, [userId, mfaOnly]);
  const row = (await db
    .select({
      pw: count('password_credentials'),
      passkeys: count('webauthn_credentials', false),
      keys: count('webauthn_credentials', true),
      usernames: count('usernames'),
      emails: count('emails'),
      otp: count('otp_secrets'),
    })
    .first()) as Record<string, number | string>;
  const n = (k: string) => Number(row[k] ?? 0);
  stash.user_id = userId;
  stash.user_has_password = n('pw') > 0;
  stash.user_has_passkey = n('passkeys') > 0;
  stash.user_has_webauthn_credential = n('passkeys') + n('keys') > 0;
  stash.user_has_security_key = n('keys') > 0;
  stash.user_has_username = n('usernames') > 0;
  stash.user_has_emails = n('emails') > 0;
  stash.user_has_otp_secret = n('otp') > 0;
}

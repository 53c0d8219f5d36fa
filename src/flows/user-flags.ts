import type { Knex } from 'knex';
import type { Stash } from '../../flows/definition.ts';

const count = async (q: Knex.QueryBuilder): Promise<number> => {
  const row = (await q.count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
};

/** Stashes what the flows need to know about an identified user (§4.2 step 5). */
export async function stashUserFlags(db: Knex, stash: Stash, userId: string): Promise<void> {
  const [pw, passkeys, securityKeys, usernames, emails, otp] = await Promise.all([
    count(db('password_credentials').where({ user_id: userId })),
    count(db('webauthn_credentials').where({ user_id: userId, mfa_only: false })),
    count(db('webauthn_credentials').where({ user_id: userId, mfa_only: true })),
    count(db('usernames').where({ user_id: userId })),
    count(db('emails').where({ user_id: userId })),
    count(db('otp_secrets').where({ user_id: userId })),
  ]);
  stash.user_id = userId;
  stash.user_has_password = pw > 0;
  stash.user_has_passkey = passkeys > 0;
  stash.user_has_webauthn_credential = passkeys + securityKeys > 0;
  stash.user_has_security_key = securityKeys > 0;
  stash.user_has_username = usernames > 0;
  stash.user_has_emails = emails > 0;
  stash.user_has_otp_secret = otp > 0;
}

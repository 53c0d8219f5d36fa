/** `otp_secrets`: the TOTP secret of a user (data-model §3). */
import type { Knex } from 'knex';

/** Metadata only; the secret itself is not read here. */
export interface OtpSecretInfo {
  id: string;
  user_id: string;
  created_at: Date;
}

export async function findOtpOfUser(db: Knex, userId: string): Promise<OtpSecretInfo | undefined> {
  return db('otp_secrets').where({ user_id: userId }).first('id', 'user_id', 'created_at');
}

export async function listOtpOfUsers(db: Knex, userIds: string[]): Promise<OtpSecretInfo[]> {
  if (userIds.length === 0) return [];
  return db('otp_secrets').whereIn('user_id', userIds).select('id', 'user_id', 'created_at');
}

export async function deleteOtpOfUser(db: Knex, userId: string): Promise<boolean> {
  return (await db('otp_secrets').where({ user_id: userId }).delete()) > 0;
}

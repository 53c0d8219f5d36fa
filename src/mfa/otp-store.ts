/**
 * `otp_secrets` reads and writes the TOTP flows need (data-model §3): the secret itself and the last accepted
 * time step, which makes every code single-use. Metadata-only queries live in repositories/otp-secrets.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface StoredOtpSecret {
  id: string;
  user_id: string;
  secret: string;
  last_validated_step: number | null;
}

export async function findOtpSecret(db: Knex, userId: string): Promise<StoredOtpSecret | undefined> {
  const row = await db('otp_secrets')
    .where({ user_id: userId })
    .first('id', 'user_id', 'secret', 'last_validated_step');
  if (!row) return undefined;
  const step = row.last_validated_step;
  return { ...row, last_validated_step: step === null || step === undefined ? null : Number(step) };
}

export async function insertOtpSecret(
  db: Knex,
  args: { userId: string; secret: string; lastValidatedStep: number | null; now: Date },
): Promise<string> {
  const id = randomUUID();
  await db('otp_secrets').insert({
    id,
    user_id: args.userId,
    secret: args.secret,
    last_validated_step: args.lastValidatedStep,
    created_at: args.now,
    updated_at: args.now,
  });
  return id;
}

/**
 * Records `step` as used, only if it is later than the last accepted one. One conditional UPDATE, so of two
 * concurrent requests with the same code at most one gets `true`.
 */
export async function acceptOtpStep(db: Knex, id: string, step: number, now: Date): Promise<boolean> {
  const n = await db('otp_secrets')
    .where({ id })
    .andWhere((q) => q.whereNull('last_validated_step').orWhere('last_validated_step', '<', step))
    .update({ last_validated_step: step, updated_at: now });
  return Number(n) === 1;
}

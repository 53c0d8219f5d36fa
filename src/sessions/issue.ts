import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { Knex } from 'knex';
import { findTemplateMetadata } from '../persistence/repositories/user-metadata.ts';
import { findUserSummary } from '../persistence/repositories/users.ts';
import type { Services } from '../services.ts';
import { parseDuration } from '../util/duration.ts';
import { renderTemplateClaims } from './jwt-template.ts';

export interface IssueSessionInput {
  userId: string;
  /** Authentication methods (`pwd`, `passkey`, `otp`, `ext:<provider>`, `totp`, `security_key`). */
  amr: string[];
  ip?: string;
  userAgent?: string;
  /** Runs the session-row writes inside an outer transaction. */
  trx?: Knex.Transaction;
}

export interface IssuedSession {
  token: string;
  claims: JWTPayload;
  sessionId: string;
  expiresAt: Date;
  lifespanSeconds: number;
}

export const sessionLifespanSeconds = (s: Services): number =>
  Math.floor(parseDuration(s.config.session.lifespan) / 1000);

export interface SessionUser {
  id: string;
  email: { address: string; is_verified: boolean } | null;
  username: string | null;
  name?: string | null;
  given_name?: string | null;
  family_name?: string | null;
  picture?: string | null;
  /** Public/unsafe metadata JSON texts for `session.jwt_template` (none for a user not stored yet). */
  metadata?: { public: string | null; unsafe: string | null } | null;
}

export interface PreparedSession extends IssuedSession {
  /** Stores the session row, evicting the oldest active sessions beyond `session.limit`. */
  store(trx: Knex | Knex.Transaction): Promise<void>;
}

/**
 * Signs a session JWT (events.md §3.2) for a user that may not be stored yet (registration); the row is written
 * later by `store` inside the caller's transaction. Signing happens here, outside any transaction.
 */
export async function prepareSession(
  s: Services,
  user: SessionUser,
  input: Omit<IssueSessionInput, 'userId' | 'trx'>,
): Promise<PreparedSession> {
  const now = s.now();
  const iat = Math.floor(now.getTime() / 1000);
  const lifespan = sessionLifespanSeconds(s);
  const sessionId = randomUUID();
  const cfg = s.config.session;
  const claims: JWTPayload = {
    // custom claims first (events.md §3.3); the defaults below overwrite same-named ones
    ...renderTemplateClaims(cfg.jwt_template?.claims, user, s.logger),
    sub: user.id,
    iat,
    exp: iat + lifespan,
    aud: cfg.audience?.length ? cfg.audience : [s.config.webauthn.relying_party.id],
    session_id: sessionId,
  };
  if (cfg.issuer) claims.iss = cfg.issuer;
  if (user.email) {
    claims.email = { address: user.email.address, is_primary: true, is_verified: user.email.is_verified };
  }
  if (user.username) claims.username = user.username;
  if (input.amr.length) claims.amr = input.amr;
  const token = await s.jwks.sign(claims);
  const expiresAt = new Date((iat + lifespan) * 1000);
  const store = async (trx: Knex | Knex.Transaction) => {
    const limit = cfg.limit;
    const active = await trx('sessions')
      .where({ user_id: user.id })
      .andWhere('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .select('id');
    if (limit > 0 && active.length >= limit) {
      const evict = active.slice(limit - 1).map((r: { id: string }) => r.id);
      if (evict.length) await trx('sessions').whereIn('id', evict).delete();
    }
    await trx('sessions').insert({
      id: sessionId,
      user_id: user.id,
      user_agent: cfg.acquire_user_agent && input.userAgent ? input.userAgent.slice(0, 255) : null,
      ip_address: cfg.acquire_ip_address && input.ip ? input.ip.slice(0, 255) : null,
      expires_at: expiresAt,
      last_used: now,
      created_at: now,
      updated_at: now,
    });
  };
  return { token, claims, sessionId, expiresAt, lifespanSeconds: lifespan, store };
}

/** Signs a session JWT for a stored user and stores its `sessions` row (in `input.trx` when given). */
export async function issueSession(s: Services, input: IssueSessionInput): Promise<IssuedSession> {
  const db = input.trx ?? s.db.knex;
  const summary = await findUserSummary(db, input.userId);
  if (!summary) throw new Error('user not found');
  const user: SessionUser = { ...summary, metadata: await findTemplateMetadata(db, input.userId) };
  const prepared = await prepareSession(s, user, {
    amr: input.amr,
    ...(input.ip ? { ip: input.ip } : {}),
    ...(input.userAgent ? { userAgent: input.userAgent } : {}),
  });
  if (input.trx) await prepared.store(input.trx);
  else await s.db.knex.transaction((trx) => prepared.store(trx));
  const { store: _store, ...issued } = prepared;
  return issued;
}

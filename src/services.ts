import type { AuditLogger } from './audit/audit-log.ts';
import type { Config } from './config/types.ts';
import type { JwkManager } from './crypto/jwk-manager.ts';
import type { PasswordHasher } from './crypto/password.ts';
import type { MailService } from './mail/service.ts';
import type { Database } from './persistence/db.ts';
import type { RateLimiters } from './ratelimit/limiters.ts';
import type { Logger } from './util/logger.ts';

/** Everything a request handler may need, built once by the composition root (src/main.ts). */
export interface Services {
  config: Config;
  db: Database;
  jwks: JwkManager;
  logger: Logger;
  audit: AuditLogger;
  passwords: PasswordHasher;
  /** Outgoing mail: enqueue inside the transaction, kick after the commit. */
  mail: MailService;
  /** Rate limiters of `rate_limiter.*` (never limit when it is disabled). */
  rateLimiters: RateLimiters;
  /** The current time; tests may replace it. */
  now: () => Date;
  /** The effective secrets (configured, or generated for the embedded database); the first is current. */
  secrets: string[];
}

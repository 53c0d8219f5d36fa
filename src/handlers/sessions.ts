import Router from '@koa/router';
import type { JWTPayload } from 'jose';
import type { Context } from 'koa';
import type { SessionRow } from '../persistence/repositories/sessions.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { sessionTokenCandidates } from '../sessions/authenticate.ts';
import { idleExpiresAt, lookupSession, verifySessionJwt } from '../sessions/check-token.ts';
import { ClaimsError, claimsResponse, rfc3339 } from '../sessions/claims.ts';

const INVALID = { is_valid: false } as const;

function parseClaims(payload: JWTPayload): Record<string, unknown> {
  try {
    return claimsResponse(payload);
  } catch (err) {
    if (err instanceof ClaimsError) throw new HttpError(400, `failed to parse token claims: ${err.message}`);
    throw err;
  }
}

function validBody(s: Services, claims: Record<string, unknown>, payload: JWTPayload, session: SessionRow) {
  const idle = idleExpiresAt(s, session, payload.exp);
  return {
    is_valid: true,
    claims,
    expiration_time: claims.expiration,
    user_id: claims.subject,
    ...(idle ? { idle_expires_at: rfc3339(idle) } : {}),
  };
}

/** One token through signature, claims, session row and idle checks; null when it is not a valid session. */
async function validate(ctx: Context, s: Services, token: string, touch: boolean) {
  const payload = await verifySessionJwt(s, token);
  if (!payload) return null;
  const claims = parseClaims(payload);
  const found = await lookupSession(ctx, s, String(claims.session_id), { touch });
  return found.ok ? validBody(s, claims, payload, found.session) : null;
}

/** The `session_token` of a POST body, with upstream's 400 messages. */
function bodyToken(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'Unmarshal type error: expected=dto.ValidateSessionRequest');
  }
  const token = (body as Record<string, unknown>).session_token;
  if (token !== undefined && token !== null && typeof token !== 'string') {
    throw new HttpError(
      400,
      `Unmarshal type error: expected=string, got=${typeof token}, field=session_token`,
    );
  }
  // Upstream wraps its validation error a second time, hence the inner "code=400" (rest-api.md §2.1).
  if (!token) throw new HttpError(400, 'code=400, message=session_token is a required field');
  return token;
}

/**
 * `GET /sessions/validate` (tries the Bearer token, then the cookie; does not touch `last_used`) and
 * `POST /sessions/validate` (the body's token; touches `last_used`). Both answer 200 (rest-api.md §5.3–5.4).
 */
export function sessionValidateRoutes(s: Services): Router {
  const router = new Router();
  router.get('/sessions/validate', async (ctx) => {
    for (const token of sessionTokenCandidates(ctx, s)) {
      const body = await validate(ctx, s, token, false);
      if (body) {
        ctx.body = body;
        return;
      }
    }
    ctx.body = INVALID;
  });
  router.post('/sessions/validate', async (ctx) => {
    const token = bodyToken(ctx.state.body);
    ctx.body = (await validate(ctx, s, token, true)) ?? INVALID;
  });
  return router;
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type CryptoKey, importJWK, SignJWT } from 'jose';
import Koa from 'koa';
import { createSigningJwk } from '../../src/crypto/jwk-manager.ts';
import { insertEmail, setPrimaryEmail } from '../../src/persistence/repositories/emails.ts';
import { insertUser, setUsername } from '../../src/persistence/repositories/users.ts';
import type { Services } from '../../src/services.ts';
import { applyIssuedSession, clearSessionCookie, setSessionCookie } from '../../src/sessions/cookie.ts';
import { issueSession } from '../../src/sessions/issue.ts';
import { listenOn, startTestRuntime, type TestRuntime, testConfig } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function createUser(s: Services, address = `user-${randomUUID().slice(0, 8)}@example.com`) {
  const now = s.now();
  const userId = await insertUser(s.db.knex, { now });
  const email = await insertEmail(s.db.knex, { userId, address, verified: true, now });
  await setPrimaryEmail(s.db.knex, userId, email.id, now);
  return { userId, emailId: email.id, address: email.address };
}

async function login(s: Services, userId: string) {
  return issueSession(s, { userId, amr: ['pwd'], ip: '127.0.0.1', userAgent: 'test-agent' });
}

interface Call {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON bodies, checked field by field
  body: any;
  headers: Headers;
  cookies: string[];
}

async function call(
  base: string,
  path: string,
  opts: { method?: string; token?: string; cookie?: string; body?: unknown; raw?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    ...(opts.raw !== undefined
      ? { body: opts.raw }
      : opts.body !== undefined
        ? { body: JSON.stringify(opts.body) }
        : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    headers: res.headers,
    cookies: res.headers.getSetCookie(),
  };
}

const sessionRow = (s: Services, id: string) => s.db.knex('sessions').where({ id }).first();

for (const dialect of testDialects()) {
  describe(`session endpoints [${dialect}]`, () => {
    let rt: TestRuntime;
    let s: Services;
    let user: { userId: string; emailId: string; address: string };
    before(async () => {
      rt = await startTestRuntime(dialect);
      s = rt.services;
      user = await createUser(s);
    });
    after(() => rt.close());

    it('validates a session via cookie, bearer and POST body, with the claims object', async () => {
      const issued = await login(s, user.userId);
      for (const res of [
        await call(rt.publicUrl, '/sessions/validate', { cookie: `hanko=${issued.token}` }),
        await call(rt.publicUrl, '/sessions/validate', { token: issued.token }),
        await call(rt.publicUrl, '/sessions/validate', {
          method: 'POST',
          body: { session_token: issued.token },
        }),
      ]) {
        assert.equal(res.status, 200);
        assert.equal(res.body.is_valid, true);
        const c = res.body.claims;
        assert.equal(c.subject, user.userId);
        assert.equal(c.session_id, issued.sessionId);
        assert.deepEqual(c.audience, ['localhost']);
        assert.deepEqual(c.email, { address: user.address, is_primary: true, is_verified: true });
        assert.deepEqual(c.amr, ['pwd'], 'private claims are flattened');
        assert.equal(
          c.expiration,
          new Date((issued.claims.exp as number) * 1000).toISOString().replace('.000', ''),
        );
        assert.equal(
          c.issued_at,
          new Date((issued.claims.iat as number) * 1000).toISOString().replace('.000', ''),
        );
        assert.equal(c.issuer, undefined);
        assert.equal(c.username, undefined);
        assert.deepEqual(Object.keys(c), [...Object.keys(c)].sort(), 'claim keys are sorted');
        assert.equal(res.body.expiration_time, c.expiration);
        assert.equal(res.body.user_id, user.userId);
        assert.equal(res.body.idle_expires_at, undefined, 'no idle timeout configured');
      }
    });

    it('GET /sessions/validate leaves last_used alone, POST updates it', async () => {
      const issued = await login(s, user.userId);
      const old = new Date(Date.now() - 3600_000);
      await s.db.knex('sessions').where({ id: issued.sessionId }).update({ last_used: old });
      await call(rt.publicUrl, '/sessions/validate', { token: issued.token });
      assert.equal((await sessionRow(s, issued.sessionId)).last_used.getTime(), old.getTime());
      await call(rt.publicUrl, '/sessions/validate', {
        method: 'POST',
        body: { session_token: issued.token },
      });
      assert.ok((await sessionRow(s, issued.sessionId)).last_used.getTime() > old.getTime());
    });

    it('answers is_valid:false for garbage, missing and unknown tokens', async () => {
      assert.deepEqual((await call(rt.publicUrl, '/sessions/validate')).body, { is_valid: false });
      assert.deepEqual((await call(rt.publicUrl, '/sessions/validate', { token: 'garbage' })).body, {
        is_valid: false,
      });
      const unknown = await s.jwks.sign({
        sub: user.userId,
        session_id: randomUUID(),
        exp: Math.floor(Date.now() / 1000) + 60,
      });
      const get = await call(rt.publicUrl, '/sessions/validate', { token: unknown });
      assert.deepEqual([get.status, get.body], [200, { is_valid: false }]);
      const post = await call(rt.publicUrl, '/sessions/validate', {
        method: 'POST',
        body: { session_token: unknown },
      });
      assert.deepEqual([post.status, post.body], [200, { is_valid: false }]);
      const noSid = await s.jwks.sign({ sub: user.userId, exp: Math.floor(Date.now() / 1000) + 60 });
      assert.deepEqual((await call(rt.publicUrl, '/sessions/validate', { token: noSid })).body, {
        is_valid: false,
      });
    });

    it('tries the cookie when the bearer token is invalid', async () => {
      const issued = await login(s, user.userId);
      const res = await call(rt.publicUrl, '/sessions/validate', {
        token: 'bad.token.here',
        cookie: `hanko=${issued.token}`,
      });
      assert.equal(res.body.is_valid, true);
      const me = await call(rt.publicUrl, '/me', {
        token: 'bad.token.here',
        cookie: `other=1; hanko=${issued.token}`,
      });
      assert.equal(me.status, 200);
    });

    it('rejects bad POST bodies with 400 and unparsable claims with 400', async () => {
      const missing = await call(rt.publicUrl, '/sessions/validate', { method: 'POST', body: {} });
      assert.deepEqual(
        [missing.status, missing.body],
        [400, { code: 400, message: 'code=400, message=session_token is a required field' }],
      );
      const wrongType = await call(rt.publicUrl, '/sessions/validate', {
        method: 'POST',
        body: { session_token: 5 },
      });
      assert.equal(wrongType.status, 400);
      const notJson = await call(rt.publicUrl, '/sessions/validate', {
        method: 'POST',
        raw: '{"session_token":',
      });
      assert.equal(notJson.status, 400);
      assert.match(notJson.body.message, /^Syntax error/);
      const array = await call(rt.publicUrl, '/sessions/validate', { method: 'POST', body: ['x'] });
      assert.equal(array.status, 400);
      const badSid = await s.jwks.sign({
        sub: user.userId,
        session_id: 'nope',
        exp: Math.floor(Date.now() / 1000) + 60,
      });
      const get = await call(rt.publicUrl, '/sessions/validate', { token: badSid });
      assert.equal(get.status, 400);
      assert.match(get.body.message, /session_id/);
      const post = await call(rt.publicUrl, '/sessions/validate', {
        method: 'POST',
        body: { session_token: badSid },
      });
      assert.equal(post.status, 400);
      // The middleware treats it as just another invalid token.
      assert.deepEqual((await call(rt.publicUrl, '/me', { token: badSid })).body, {
        code: 401,
        message: 'Unauthorized',
      });
    });

    it('GET /me returns the profile object', async () => {
      const u = await createUser(s);
      const now = s.now();
      await setUsername(s.db.knex, u.userId, 'Alice', now);
      await s.db.knex('user_metadata').insert({
        id: randomUUID(),
        user_id: u.userId,
        public_metadata: '{"role":"admin"}',
        unsafe_metadata: '{}',
        private_metadata: '{"secret":1}',
        created_at: now,
        updated_at: now,
      });
      for (const [id, mfaOnly] of [
        ['cred-passkey', false],
        ['cred-seckey', true],
      ] as const) {
        await s.db.knex('webauthn_credentials').insert({
          id: `${id}-${u.userId}`,
          user_id: u.userId,
          public_key: 'pk',
          attestation_type: 'none',
          aaguid: '00000000-0000-0000-0000-000000000000',
          sign_count: 0,
          mfa_only: mfaOnly,
          backup_eligible: false,
          backup_state: false,
          created_at: now,
          updated_at: now,
        });
      }
      await s.db.knex('webauthn_credential_transports').insert({
        id: randomUUID(),
        name: 'internal',
        webauthn_credential_id: `cred-passkey-${u.userId}`,
      });
      const identityId = randomUUID();
      await s.db.knex('identities').insert({
        id: identityId,
        provider_user_id: `g-${u.userId}`,
        provider_id: 'google',
        email_id: u.emailId,
        user_id: u.userId,
        created_at: now,
        updated_at: now,
      });
      const issued = await login(s, u.userId);
      const res = await call(rt.publicUrl, '/me', { cookie: `hanko=${issued.token}` });
      assert.equal(res.status, 200);
      const p = res.body;
      assert.equal(p.id, u.userId);
      assert.equal(p.user_id, u.userId);
      assert.deepEqual(p.mfa_config, {
        auth_app_set_up: false,
        totp_enabled: true,
        security_keys_enabled: true,
      });
      assert.equal(p.passkeys.length, 1);
      assert.deepEqual(p.passkeys[0].transports, ['internal']);
      assert.equal(p.passkeys[0].mfa_only, false);
      assert.equal(p.passkeys[0].name, undefined);
      assert.equal(p.security_keys.length, 1);
      assert.equal(p.security_keys[0].mfa_only, true);
      const google = { id: `g-${u.userId}`, provider: 'Google', identity_id: identityId };
      assert.deepEqual(p.emails, [
        {
          id: u.emailId,
          address: u.address,
          is_verified: true,
          is_primary: true,
          identity: google,
          identities: [google],
        },
      ]);
      assert.deepEqual(p.identities, [google]);
      assert.equal(p.username.username, 'alice');
      assert.deepEqual(
        p.metadata,
        { public_metadata: { role: 'admin' } },
        'empty and private metadata are left out',
      );
      assert.ok(p.created_at && p.updated_at);
      assert.equal(p.name, undefined);

      const plain = await call(rt.publicUrl, '/me', { token: (await login(s, user.userId)).token });
      assert.equal(plain.body.passkeys, undefined);
      assert.equal(plain.body.identities, undefined);
      assert.equal(plain.body.metadata, undefined);
      assert.equal(plain.body.username, undefined);
    });

    it('GET /me and GET /users/:id need a session', async () => {
      for (const path of ['/me', `/users/${user.userId}`]) {
        for (const token of [undefined, 'garbage', 'a.b.c']) {
          const res = await call(rt.publicUrl, path, token ? { token } : {});
          assert.deepEqual([res.status, res.body], [401, { code: 401, message: 'Unauthorized' }]);
        }
      }
      const logout = await call(rt.publicUrl, '/logout', { method: 'POST' });
      assert.deepEqual([logout.status, logout.body], [401, { code: 401, message: 'Unauthorized' }]);
    });

    it('GET /users/:id shows only the session user', async () => {
      const issued = await login(s, user.userId);
      const own = await call(rt.publicUrl, `/users/${user.userId}`, { token: issued.token });
      assert.equal(own.status, 200);
      assert.equal(own.body.id, user.userId);
      assert.equal(own.body.user_id, user.userId);
      assert.equal(own.body.email, user.address);
      assert.deepEqual(own.body.webauthn_credentials, []);
      assert.ok(own.body.mfa_config);
      assert.equal(own.body.emails[0].address, user.address);
      const other = await createUser(s);
      for (const id of [other.userId, 'not-a-uuid', user.userId.toUpperCase()]) {
        const res = await call(rt.publicUrl, `/users/${id}`, { token: issued.token });
        assert.deepEqual([res.status, res.body], [403, { code: 403, message: 'Forbidden' }]);
      }
    });

    it('POST /logout deletes the session, clears the cookie and writes the audit entry', async () => {
      const issued = await login(s, user.userId);
      const res = await fetch(`${rt.publicUrl}/logout`, {
        method: 'POST',
        headers: { Cookie: `hanko=${issued.token}`, 'X-Request-Id': 'logout-req-1', 'User-Agent': 'ua-test' },
      });
      assert.equal(res.status, 204);
      assert.equal(await res.text(), '');
      assert.deepEqual(res.headers.getSetCookie(), [
        'hanko=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
      ]);
      assert.equal(await sessionRow(s, issued.sessionId), undefined);
      const audit = await s.db.knex('audit_logs').where({ meta_http_request_id: 'logout-req-1' });
      assert.equal(audit.length, 1);
      assert.equal(audit[0].type, 'user_logged_out');
      assert.equal(audit[0].actor_user_id, user.userId);
      assert.ok(audit[0].actor_email, 'the primary email (masked) is recorded');
      assert.equal(audit[0].meta_user_agent, 'ua-test');
      const again = await call(rt.publicUrl, '/me', { cookie: `hanko=${issued.token}` });
      assert.equal(again.status, 401);
      assert.deepEqual((await call(rt.publicUrl, '/sessions/validate', { token: issued.token })).body, {
        is_valid: false,
      });
    });

    it('refuses expired tokens, foreign keys, alg none and HS256', async () => {
      const issued = await login(s, user.userId);
      const sid = issued.sessionId;
      const now = Math.floor(Date.now() / 1000);
      const kid = s.jwks.publicJwks().keys[0]!.kid as string;
      const base = { sub: user.userId, session_id: sid, aud: ['localhost'] };
      const expired = await s.jwks.sign({ ...base, iat: now - 7200, exp: now - 3600 });
      const foreignJwk = await createSigningJwk(kid);
      const foreign = await new SignJWT({ ...base, exp: now + 600 })
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign((await importJWK(foreignJwk, 'RS256')) as CryptoKey);
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...base, exp: now + 600 })}.`;
      const hs256 = await new SignJWT({ ...base, exp: now + 600 })
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough'));
      for (const token of [expired, foreign, none, hs256]) {
        assert.equal((await call(rt.publicUrl, '/me', { token })).status, 401);
        assert.equal((await call(rt.publicUrl, '/me', { cookie: `hanko=${token}` })).status, 401);
        assert.deepEqual((await call(rt.publicUrl, '/sessions/validate', { token })).body, {
          is_valid: false,
        });
        const post = await call(rt.publicUrl, '/sessions/validate', {
          method: 'POST',
          body: { session_token: token },
        });
        assert.deepEqual([post.status, post.body], [200, { is_valid: false }]);
      }
      assert.ok(await sessionRow(s, sid), 'the genuine session is untouched');
      assert.equal((await call(rt.publicUrl, '/me', { token: issued.token })).status, 200);
    });

    it('refuses a token whose session row has gone or is expired', async () => {
      const issued = await login(s, user.userId);
      await s.db
        .knex('sessions')
        .where({ id: issued.sessionId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      assert.equal((await call(rt.publicUrl, '/me', { token: issued.token })).status, 401);
      await s.db.knex('sessions').where({ id: issued.sessionId }).delete();
      assert.equal((await call(rt.publicUrl, '/me', { token: issued.token })).status, 401);
    });

    it('GET /.well-known/config shows the public configuration', async () => {
      const res = await call(rt.publicUrl, '/.well-known/config');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        password: { enabled: s.config.password.enabled, min_password_length: 8 },
        emails: { require_verification: true, max_num_of_addresses: 5 },
        providers: null,
        account: {
          allow_deletion: s.config.account.allow_deletion,
          allow_signup: s.config.account.allow_signup,
        },
        use_enterprise: false,
      });
    });

    it('sets the session cookie with the configured attributes', async () => {
      const issued = await login(s, user.userId);
      const weird = testConfig({
        session: { cookie: { domain: '.example.com', same_site: 'lax', secure: false } },
      });
      (weird.session.cookie as { same_site: string }).same_site = 'sometimes';
      const app = new Koa();
      app.use((ctx) => {
        const mode = ctx.path.slice(1);
        if (mode === 'persistent' || mode === 'session') applyIssuedSession(ctx, s, issued, mode);
        else if (mode === 'legacy') applyIssuedSession(ctx, s, issued);
        else if (mode === 'weird')
          setSessionCookie(ctx, weird, 'tok', { lifespanSeconds: 60, retention: 'persistent' });
        else clearSessionCookie(ctx, weird);
        ctx.status = 204;
      });
      const server = await listenOn(app);
      try {
        const get = (p: string) => fetch(`${server.url}${p}`);
        const persistent = await get('/persistent');
        assert.deepEqual(persistent.headers.getSetCookie(), [
          `hanko=${issued.token}; Path=/; Max-Age=43200; HttpOnly; Secure; SameSite=Strict`,
        ]);
        assert.equal(persistent.headers.get('x-session-lifetime'), '43200');
        assert.equal(persistent.headers.get('x-session-retention'), 'persistent');
        assert.equal(persistent.headers.get('x-auth-token'), null);
        const session = await get('/session');
        assert.deepEqual(session.headers.getSetCookie(), [
          `hanko=${issued.token}; Path=/; HttpOnly; Secure; SameSite=Strict`,
        ]);
        assert.equal(session.headers.get('x-session-retention'), 'session');
        const legacy = await get('/legacy');
        assert.equal(legacy.headers.get('x-session-retention'), null);
        assert.match(legacy.headers.getSetCookie()[0]!, /Max-Age=43200/);
        const w = await get('/weird');
        assert.deepEqual(w.headers.getSetCookie(), [
          'hanko=tok; Path=/; Domain=example.com; Max-Age=60; HttpOnly',
        ]);
        const del = await get('/delete');
        assert.deepEqual(del.headers.getSetCookie(), [
          'hanko=; Path=/; Domain=example.com; Max-Age=0; HttpOnly',
        ]);
      } finally {
        server.server.closeAllConnections();
        await new Promise((r) => server.server.close(r));
      }
    });
  });

  describe(`session options: auth token header, idle timeout, limit [${dialect}]`, () => {
    let rt: TestRuntime;
    let s: Services;
    before(async () => {
      rt = await startTestRuntime(dialect, {
        session: {
          enable_auth_token_header: true,
          idle_timeout: '10m',
          limit: 2,
          lifespan: '1h',
          cookie: { name: 'sid', same_site: 'lax' },
        },
        server: { public: { cors: { allow_origins: ['https://app.example'] } } },
      });
      s = rt.services;
    });
    after(() => rt.close());

    it('sends X-Auth-Token and no cookie, and exposes the header to CORS', async () => {
      const { userId } = await createUser(s);
      const issued = await login(s, userId);
      const app = new Koa();
      app.use((ctx) => {
        applyIssuedSession(ctx, s, issued, 'persistent');
        ctx.status = 204;
      });
      const server = await listenOn(app);
      try {
        const res = await fetch(server.url);
        assert.equal(res.headers.get('x-auth-token'), issued.token);
        assert.equal(res.headers.get('x-session-lifetime'), '3600');
        assert.deepEqual(res.headers.getSetCookie(), []);
      } finally {
        server.server.closeAllConnections();
        await new Promise((r) => server.server.close(r));
      }
      const cors = await fetch(`${rt.publicUrl}/sessions/validate`, {
        headers: { Origin: 'https://app.example' },
      });
      assert.match(cors.headers.get('access-control-expose-headers') ?? '', /X-Auth-Token/);
      // The token in the configured cookie name is read too.
      assert.equal((await call(rt.publicUrl, '/me', { cookie: `sid=${issued.token}` })).status, 200);
      assert.equal((await call(rt.publicUrl, '/me', { cookie: `hanko=${issued.token}` })).status, 401);
    });

    it('reports idle_expires_at, capped at the token expiry', async () => {
      const { userId } = await createUser(s);
      const issued = await login(s, userId);
      const row = await sessionRow(s, issued.sessionId);
      const res = await call(rt.publicUrl, '/sessions/validate', { token: issued.token });
      assert.equal(new Date(res.body.idle_expires_at).getTime(), row.last_used.getTime() + 600_000);
      await s.db
        .knex('sessions')
        .where({ id: issued.sessionId })
        .update({ last_used: new Date((issued.claims.exp as number) * 1000 - 60_000) });
      const capped = await call(rt.publicUrl, '/sessions/validate', { token: issued.token });
      assert.equal(capped.body.idle_expires_at, capped.body.claims.expiration);
    });

    it('deletes an idle session and sends the deletion cookie', async () => {
      const { userId } = await createUser(s);
      for (const path of ['/me', '/sessions/validate', 'POST /sessions/validate']) {
        const issued = await login(s, userId);
        await s.db
          .knex('sessions')
          .where({ id: issued.sessionId })
          .update({ last_used: new Date(Date.now() - 11 * 60_000) });
        const res = path.startsWith('POST')
          ? await call(rt.publicUrl, '/sessions/validate', {
              method: 'POST',
              body: { session_token: issued.token },
            })
          : await call(rt.publicUrl, path, { token: issued.token });
        if (path === '/me') assert.equal(res.status, 401);
        else assert.deepEqual(res.body, { is_valid: false });
        assert.deepEqual(res.cookies, ['sid=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax']);
        assert.equal(
          await sessionRow(s, issued.sessionId),
          undefined,
          `${path}: the idle session is deleted`,
        );
      }
      const fresh = await login(s, userId);
      await s.db
        .knex('sessions')
        .where({ id: fresh.sessionId })
        .update({ last_used: new Date(Date.now() - 9 * 60_000) });
      const ok = await call(rt.publicUrl, '/me', { token: fresh.token });
      assert.equal(ok.status, 200);
      assert.ok(
        (await sessionRow(s, fresh.sessionId)).last_used.getTime() > Date.now() - 60_000,
        'last_used refreshed',
      );
    });

    it('evicts the oldest session beyond session.limit', async () => {
      const { userId } = await createUser(s);
      const realNow = s.now;
      const t0 = Date.now();
      const issued = [];
      try {
        for (let i = 0; i < 3; i++) {
          s.now = () => new Date(t0 + i * 1000);
          issued.push(await login(s, userId));
        }
      } finally {
        s.now = realNow;
      }
      const rows = await s.db.knex('sessions').where({ user_id: userId }).select('id');
      assert.deepEqual(
        rows.map((r: { id: string }) => r.id).sort(),
        [issued[1]!.sessionId, issued[2]!.sessionId].sort(),
      );
      assert.equal((await call(rt.publicUrl, '/me', { token: issued[0]!.token })).status, 401);
      assert.equal((await call(rt.publicUrl, '/me', { token: issued[2]!.token })).status, 200);
    });
  });
}

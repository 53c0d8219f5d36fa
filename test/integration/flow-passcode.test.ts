import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

const passcodeOnly = (port: number) => ({
  email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(port) } },
  password: { enabled: false },
  passkey: { enabled: false },
  mfa: { enabled: false },
});

for (const dialect of testDialects()) {
  describe(`flows: register and log in by email passcode [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, passcodeOnly(smtp.port));
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    const preflight = async (client: FlowClient, flow: string) => {
      const first = await client.start(flow);
      assert.equal(first.name, 'preflight');
      assert.equal(first.status, 200);
      assert.deepEqual(first.payload, {});
      assert.equal(first.links, null);
      assert.match(first.csrf_token, /^[0-9A-Za-z]{32}$/);
      assert.match(
        first.actions.register_client_capabilities!.href,
        new RegExp(`^/${flow}\\?action=register_client_capabilities%40[0-9a-f-]{36}$`),
      );
      return client.run(first, 'register_client_capabilities', { webauthn_available: false });
    };

    it('registers, validates the session, logs out and logs in again', async () => {
      const client = new FlowClient(rt.publicUrl, { 'X-Language': 'en' });
      let s: FlowState = await preflight(client, 'registration');
      assert.equal(s.name, 'registration_init');
      s = await client.run(s, 'register_login_identifier', { email: '  Jane.Doe@Example.com ' });
      assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
      assert.ok(s.actions.back, 'back is offered');
      const code = passcodeIn(await smtp.waitFor('jane.doe@example.com'));
      s = await client.run(s, 'verify_passcode', { code });
      assert.equal(s.name, 'success', JSON.stringify(s));
      assert.equal(s.status, 200);
      const claims = s.payload!.claims as Record<string, unknown>;
      assert.deepEqual(claims.email, {
        address: 'jane.doe@example.com',
        is_primary: true,
        is_verified: true,
      });
      assert.deepEqual(claims.amr, ['otp']);
      const res = client.lastResponse!;
      assert.equal(res.headers.get('x-session-lifetime'), '43200');
      assert.equal(res.headers.get('x-session-retention'), 'persistent');
      const cookie = res.headers.get('set-cookie') ?? '';
      const token = /hanko=([^;]+)/.exec(cookie)?.[1];
      assert.ok(token, cookie);

      const valid = await fetch(`${rt.publicUrl}/sessions/validate`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const v = (await valid.json()) as { is_valid: boolean; user_id: string };
      assert.equal(v.is_valid, true);
      assert.equal(v.user_id, claims.subject);
      const users = await rt.services.db.knex('users').count({ n: '*' }).first();
      assert.equal(Number(users?.n), 1);
      // payload.user is the stored user (ProfileData), built after the commit.
      const stored = await rt.services.db.knex('emails').where({ address: 'jane.doe@example.com' }).first();
      const payloadUser = s.payload!.user as {
        id: string;
        emails: Array<{ id: string; is_primary: boolean }>;
      };
      assert.equal(payloadUser.id, claims.subject);
      assert.deepEqual(
        payloadUser.emails.map((e) => [e.id, e.is_primary]),
        [[stored.id, true]],
      );

      const out = await fetch(`${rt.publicUrl}/logout`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.ok(out.status === 200 || out.status === 204, `logout answered ${out.status}`);
      const after = await fetch(`${rt.publicUrl}/sessions/validate`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(((await after.json()) as { is_valid: boolean }).is_valid, false);

      let l: FlowState = await preflight(client, 'login');
      assert.equal(l.name, 'login_init');
      l = await client.run(l, 'continue_with_login_identifier', { email: 'JANE.DOE@example.com' });
      assert.equal(l.name, 'passcode_confirmation', JSON.stringify(l));
      const code2 = passcodeIn(await smtp.waitFor('jane.doe@example.com'));
      l = await client.run(l, 'verify_passcode', { code: code2 });
      assert.equal(l.name, 'success', JSON.stringify(l));
      assert.deepEqual(l.payload?.last_login, { login_method: 'passcode' });
      assert.equal((l.payload!.claims as Record<string, unknown>).subject, claims.subject);
    });

    it('locks the passcode after three wrong tries; a resend gives a working one', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await preflight(client, 'registration');
      s = await client.run(s, 'register_login_identifier', { email: 'wrong@example.com' });
      const good = passcodeIn(await smtp.waitFor('wrong@example.com'));
      const bad = good === '000000' ? '111111' : '000000';
      s = await client.run(s, 'verify_passcode', { code: bad });
      assert.equal(s.status, 400);
      assert.equal(s.error?.code, 'form_data_invalid_error');
      assert.equal(
        (s.actions.verify_passcode!.inputs.code as { error: { code: string } }).error.code,
        'passcode_invalid',
      );
      s = await client.run(s, 'verify_passcode', { code: bad });
      assert.equal(s.status, 400);
      s = await client.run(s, 'verify_passcode', { code: bad });
      assert.equal(s.status, 401);
      assert.equal(s.error?.code, 'passcode_max_attempts_reached');
      s = await client.run(s, 'verify_passcode', { code: good });
      assert.equal(s.error?.code, 'passcode_max_attempts_reached', 'the right code no longer works');
      s = await client.run(s, 'resend_passcode');
      assert.equal(s.name, 'passcode_confirmation');
      const fresh = passcodeIn(await smtp.waitFor('wrong@example.com'));
      s = await client.run(s, 'verify_passcode', { code: fresh });
      assert.equal(s.name, 'success');
    });

    it('rejects an expired passcode', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await preflight(client, 'registration');
      s = await client.run(s, 'register_login_identifier', { email: 'late@example.com' });
      const code = passcodeIn(await smtp.waitFor('late@example.com'));
      await rt.services.db.knex('passcodes').update({ created_at: new Date(Date.now() - 3600_000) });
      s = await client.run(s, 'verify_passcode', { code });
      assert.equal(s.status, 400);
      assert.equal(
        (s.actions.verify_passcode!.inputs.code as { error: { code: string } }).error.code,
        'passcode_invalid',
      );
    });

    it('answers pipeline errors in the flow format', async () => {
      const client = new FlowClient(rt.publicUrl);
      const s = await client.start('login');
      const wrongCsrf = await client.post(s.actions.register_client_capabilities!.href, {
        input_data: {},
        csrf_token: 'x',
      });
      assert.deepEqual(wrongCsrf, {
        name: 'error',
        status: 403,
        csrf_token: '',
        actions: {},
        error: { code: 'operation_not_permitted_error', message: 'The operation is not permitted.' },
        links: null,
      });
      const unknown = await client.post(
        s.actions.register_client_capabilities!.href.replace(/.{4}$/, 'ffff'),
        {
          input_data: {},
          csrf_token: s.csrf_token,
        },
      );
      assert.equal(unknown.status, 403);
      const malformed = await client.post('/login?action=nope', {});
      assert.equal(malformed.status, 500);
      assert.equal(malformed.error?.code, 'technical_error');
      const notHere = await client.post(
        s.actions.register_client_capabilities!.href.replace(
          'register_client_capabilities',
          'verify_passcode',
        ),
        {
          input_data: {},
          csrf_token: s.csrf_token,
        },
      );
      assert.equal(notHere.status, 403);
      // The right CSRF token still works after the rejections.
      const ok = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      assert.equal(ok.name, 'login_init');
      // A used CSRF token does not work twice.
      const replay = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      assert.equal(replay.status, 403);
      await rt.services.db.knex('flows').update({ expires_at: new Date(Date.now() - 1000) });
      const expired = await client.run(ok, 'continue_with_login_identifier', { email: 'x@example.com' });
      assert.equal(expired.status, 410);
      assert.equal(expired.error?.code, 'flow_expired_error');
    });
  });
}

for (const dialect of testDialects()) {
  describe(`flows: passcode sending is rate limited [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, {
        ...passcodeOnly(smtp.port),
        rate_limiter: { enabled: true, store: 'in_memory', passcode_limits: { tokens: 2, interval: '1m' } },
      });
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    it('refuses a resend beyond the limit with 429 and resend_after, sending nothing', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s = await client.start('login');
      s = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
      s = await client.run(s, 'continue_with_login_identifier', { email: 'limit@example.com' });
      assert.equal(s.name, 'passcode_confirmation');
      await smtp.waitFor('limit@example.com');
      s = await client.run(s, 'resend_passcode');
      assert.equal(s.status, 200);
      await smtp.waitFor('limit@example.com');
      s = await client.run(s, 'resend_passcode');
      assert.equal(s.status, 429);
      assert.equal(s.error?.code, 'rate_limit_exceeded');
      assert.equal(typeof s.payload?.resend_after, 'number');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(smtp.mails.filter((m) => m.to.includes('limit@example.com')).length, 0, 'no third mail');
    });
  });
}

describe('flows: audit entries of a passcode login [pglite]', () => {
  let rt: TestRuntime;
  let smtp: Smtp;
  before(async () => {
    smtp = await startSmtp();
    rt = await startTestRuntime('pglite', passcodeOnly(smtp.port));
  });
  after(async () => {
    await rt.close();
    await smtp.close();
  });

  it('records user_created, login_failure and login_success with masked emails', async () => {
    const client = new FlowClient(rt.publicUrl);
    let s = await client.start('registration');
    s = await client.run(s, 'register_client_capabilities', { webauthn_available: false });
    s = await client.run(s, 'register_login_identifier', { email: 'audited@example.com' });
    s = await client.run(s, 'verify_passcode', {
      code: passcodeIn(await smtp.waitFor('audited@example.com')),
    });
    assert.equal(s.name, 'success');
    let l = await client.start('login');
    l = await client.run(l, 'register_client_capabilities', { webauthn_available: false });
    l = await client.run(l, 'continue_with_login_identifier', { email: 'audited@example.com' });
    const code = passcodeIn(await smtp.waitFor('audited@example.com'));
    l = await client.run(l, 'verify_passcode', { code: code === '000000' ? '111111' : '000000' });
    assert.equal(l.status, 400);
    l = await client.run(l, 'verify_passcode', { code });
    assert.equal(l.name, 'success');
    const rows = await rt.services.db
      .knex('audit_logs')
      .orderBy('created_at', 'asc')
      .select('type', 'actor_email');
    const types = rows.map((r: { type: string }) => r.type);
    for (const t of ['user_created', 'login_success', 'login_failure'])
      assert.ok(types.includes(t), `${t} in ${types}`);
    assert.ok(
      rows.every(
        (r: { actor_email: string | null }) => !r.actor_email || r.actor_email === 'aud****@example.com',
      ),
    );
  });
});

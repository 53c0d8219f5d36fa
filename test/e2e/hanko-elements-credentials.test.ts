/**
 * Browser end-to-end test: the unmodified `@teamhanko/hanko-elements@2.7.0` bundle in headless Chromium
 * against our server, with credentials besides the email passcode. Page and API on the same site
 * (`localhost`); the server's HttpOnly cookie carries the session.
 * - Passkey (Chromium's DevTools virtual authenticator): sign up by email passcode and the onboarding's
 *   "Create a passkey", log out, sign in with the login screen's passkey button; log out, open the page anew
 *   and sign in through passkey autofill (conditional mediation).
 * - Password: sign up by email passcode and a password, log out, sign in with the password.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';
import {
  addVirtualAuthenticator,
  type Browser,
  browserSkipReason,
  launchBrowser,
  type VirtualAuthenticator,
} from './browser.ts';
import { HankoPage, validateToken } from './hanko-page.ts';
import { type PageServer, startPageServer } from './page-server.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
type Knex = TestRuntime['services']['db']['knex'];
type Credential = 'passkey' | 'password';

const skip = browserSkipReason();
const EMAIL = 'e2e.credentials@example.com';
const PASSWORD = 'correct horse battery staple';
const STEP = { timeout: 180_000 };
/** The virtual authenticator answers passkey autofill at once; the button path needs autofill hidden. */
const NO_AUTOFILL = { conditional_mediation: 'off' };

/** One server, SMTP inbox, page server and browser tab per suite; passkeys or passwords, never both. */
function setup(credential: Credential) {
  const env = {} as {
    smtp: Smtp;
    pages: PageServer;
    rt: TestRuntime;
    browser: Browser;
    authenticator?: VirtualAuthenticator;
    ui: HankoPage;
    db: Knex;
  };
  before(async () => {
    env.smtp = await startSmtp();
    env.pages = await startPageServer();
    const config: RawConfig = {
      email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(env.smtp.port) } },
      password: { enabled: credential === 'password' },
      passkey: { enabled: credential === 'passkey' },
      mfa: { enabled: false },
      server: { public: { cors: { allow_origins: [env.pages.url] } } },
      webauthn: { relying_party: { id: 'localhost', origins: [env.pages.url] } },
    };
    env.rt = await startTestRuntime('pglite', config);
    env.db = env.rt.services.db.knex;
    env.browser = await launchBrowser();
    if (credential === 'passkey') env.authenticator = await addVirtualAuthenticator(env.browser.page);
    const api = env.rt.publicUrl.replace('//127.0.0.1:', '//localhost:');
    env.ui = new HankoPage(env.browser.page, env.pages.url, api);
  });
  after(async () => {
    await env.browser?.close();
    await env.pages?.close();
    await env.rt?.close();
    await env.smtp?.close();
  });
  return env;
}

/** Registration up to the credential screen: email, then the passcode from the inbox. */
async function signUpUntilCredential(ui: HankoPage, smtp: Smtp, query: Record<string, string>) {
  await ui.open(query);
  await ui.settledIn('login_init', 'login');
  await ui.page.getByText('Create account').click();
  await ui.settledIn('registration_init', 'registration');
  await ui.submitEmail(EMAIL);
  const code = passcodeIn(await smtp.waitFor(EMAIL, 30_000));
  await ui.settledIn('passcode_confirmation', 'registration');
  await ui.typePasscode(code);
}

/** The page shows the session; one session row; the cookie is valid for the server and the SDK. */
async function assertSignedIn(
  env: ReturnType<typeof setup>,
  claims: Record<string, unknown>,
  userId: string,
) {
  const { ui, rt, db } = env;
  await ui.page.locator('#session-box').waitFor({ state: 'visible' });
  assert.equal(claims.subject, userId);
  assert.deepEqual(claims.email, { address: EMAIL, is_primary: true, is_verified: true });
  const sessions = await db('sessions').where({ user_id: userId }).select('id');
  assert.deepEqual(
    sessions.map((r) => r.id),
    [claims.session_id],
  );
  const cookie = await ui.sessionCookie(ui.apiUrl);
  assert.ok(cookie, 'the browser holds the session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal((await validateToken(rt.publicUrl, cookie.value)).user_id, userId);
  const fromPage = await ui.validateFromPage();
  assert.equal(fromPage.is_valid, true, 'the SDK sees a valid session');
  assert.equal(fromPage.user_id, userId);
  assert.equal(Number((await db('users').count({ n: '*' }).first())?.n), 1, 'one user');
  return cookie.value;
}

/** Logs out through the SDK: the session row is gone, the token invalid, the cookie dropped. */
async function logOut(env: ReturnType<typeof setup>, userId: string, token: string) {
  const { ui, rt, db } = env;
  await ui.logout();
  assert.equal(await db('sessions').where({ user_id: userId }).first(), undefined);
  assert.equal((await validateToken(rt.publicUrl, token)).is_valid, false);
  assert.equal(await ui.sessionCookie(ui.apiUrl), undefined, 'the browser dropped the cookie');
}

describe('hanko-elements 2.7.0 in Chromium: passkey sign-up and sign-in [pglite]', { skip }, () => {
  const env = setup('passkey');
  let userId = '';
  let token = '';

  /** The single passkey: the browser's and the server's copy, with its signature counter. */
  async function passkey() {
    const held = await env.authenticator!.credentials();
    assert.equal(held.length, 1, 'the authenticator holds one passkey');
    const rows = await env.db('webauthn_credentials').where({ user_id: userId });
    assert.equal(rows.length, 1, 'one webauthn_credentials row');
    assert.equal(rows[0].id, Buffer.from(held[0]!.credentialId, 'base64').toString('base64url'));
    return { held: held[0]!, row: rows[0] };
  }

  it('signs up by email passcode and creates a passkey on the onboarding screen', STEP, async () => {
    await env.ui.step('passkey-signup', async () => {
      await signUpUntilCredential(env.ui, env.smtp, NO_AUTOFILL);
      await env.ui.settledIn('onboarding_create_passkey', 'registration');
      await env.ui.page.getByRole('button', { name: 'Create a passkey' }).click();
      const { claims } = await env.ui.sessionCreated(1);
      assert.deepEqual(claims.amr, ['otp', 'passkey']);
      userId = String(claims.subject);

      const { held, row } = await passkey();
      // The user handle is the 16 raw bytes of the user's UUID (flow-api §6.1).
      assert.equal(Buffer.from(held.userHandle ?? '', 'base64').toString('hex'), userId.replaceAll('-', ''));
      assert.equal(held.rpId, 'localhost');
      assert.equal(Boolean(row.mfa_only), false);
      const transports = await env
        .db('webauthn_credential_transports')
        .where({ webauthn_credential_id: row.id });
      assert.deepEqual(
        transports.map((t) => t.name),
        ['internal'],
      );
      assert.equal(await env.db('password_credentials').where({ user_id: userId }).first(), undefined);
      token = await assertSignedIn(env, claims, userId);
    });
  });

  it('logs out, then signs in with the passkey button', STEP, async () => {
    assert.ok(token, 'needs the sign-up step');
    await env.ui.step('passkey-login-button', async () => {
      await logOut(env, userId, token);
      await env.ui.settledIn('login_init', 'login');
      await env.ui.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      const { claims } = await env.ui.sessionCreated(2);
      assert.deepEqual(claims.amr, ['passkey']);
      const next = await assertSignedIn(env, claims, userId);
      assert.notEqual(next, token);
      token = next;
      assert.equal(env.smtp.mails.length, 0, 'no passcode mail');
      const { held, row } = await passkey();
      assert.ok(row.last_used_at, 'last_used_at set by the passkey login');
      assert.equal(Number(row.sign_count), held.signCount, 'server counter = authenticator counter');
      assert.ok(held.signCount >= 1);
      const lastLogin = await env.ui.page.evaluate(() => localStorage.getItem('hanko_last_login'));
      assert.deepEqual(JSON.parse(lastLogin ?? 'null'), { login_method: 'passkey' });
    });
  });

  it('logs out, then signs in through passkey autofill on a fresh page', STEP, async () => {
    assert.ok(token && userId, 'needs the previous steps');
    await env.ui.step('passkey-login-autofill', async () => {
      await logOut(env, userId, token);
      const before = Number((await passkey()).row.sign_count);
      // A new document: the SDK reports conditional mediation, login_init carries request options and
      // Elements starts the autofill request, which the virtual authenticator answers without a click.
      const mark = env.ui.log.length;
      await env.ui.open();
      const { claims } = await env.ui.sessionCreated(1);
      assert.deepEqual(claims.amr, ['passkey']);
      assert.notEqual(await assertSignedIn(env, claims, userId), token);
      const traffic = env.ui.log.slice(mark);
      assert.ok(
        traffic.some((l) => /action=webauthn_verify_assertion_response.* → 200 success/.test(l)),
        'assertion sent from login_init',
      );
      assert.ok(!traffic.some((l) => l.includes('webauthn_generate_request_options')), 'no button login');
      assert.ok(Number((await passkey()).row.sign_count) > before, 'sign counter advanced');
    });
  });
});

describe('hanko-elements 2.7.0 in Chromium: password sign-up and sign-in [pglite]', { skip }, () => {
  const env = setup('password');
  let userId = '';
  let token = '';

  it('signs up by email passcode and sets a password', STEP, async () => {
    await env.ui.step('password-signup', async () => {
      await signUpUntilCredential(env.ui, env.smtp, {});
      await env.ui.settledIn('password_creation', 'registration');
      await env.ui.page.getByLabel('New password').fill(PASSWORD);
      await env.ui.page.getByRole('button', { name: 'Continue' }).click();
      const { claims } = await env.ui.sessionCreated(1);
      assert.deepEqual(claims.amr, ['otp', 'pwd']);
      userId = String(claims.subject);
      const pw = await env.db('password_credentials').where({ user_id: userId });
      assert.equal(pw.length, 1, 'one password_credentials row');
      assert.notEqual(pw[0].password, PASSWORD);
      assert.equal(
        await env.rt.services.passwords.verify(pw[0].password, PASSWORD),
        true,
        'hash of the password',
      );
      assert.equal(await env.db('webauthn_credentials').where({ user_id: userId }).first(), undefined);
      token = await assertSignedIn(env, claims, userId);
    });
  });

  it('logs out, then signs in with the password', STEP, async () => {
    assert.ok(token, 'needs the sign-up step');
    await env.ui.step('password-login', async () => {
      await logOut(env, userId, token);
      await env.ui.settledIn('login_init', 'login');
      await env.ui.submitEmail(EMAIL);
      // Passcode and password both sign this user in: the server offers the choice (flow-api §4.2).
      await env.ui.settledIn('login_method_chooser', 'login');
      await env.ui.page.getByRole('button', { name: 'Password', exact: true }).click();
      await env.ui.settledIn('login_password', 'login');
      await env.ui.page.getByLabel('Password').fill(PASSWORD);
      await env.ui.page.getByRole('button', { name: 'Sign in' }).click();
      const { claims } = await env.ui.sessionCreated(2);
      assert.deepEqual(claims.amr, ['pwd']);
      assert.notEqual(await assertSignedIn(env, claims, userId), token);
      assert.equal(env.smtp.mails.length, 0, 'no passcode mail at sign-in');
      const lastLogin = await env.ui.page.evaluate(() => localStorage.getItem('hanko_last_login'));
      assert.deepEqual(JSON.parse(lastLogin ?? 'null'), { login_method: 'password' });
    });
  });
});

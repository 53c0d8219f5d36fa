/**
 * Browser end-to-end test: the unmodified `@teamhanko/hanko-elements@2.7.0` bundle on a local page, driven
 * in headless Chromium (Debian's, never a downloaded one) against our server: sign up by email passcode,
 * log out, sign in by email passcode. Two deployments: API and page on the same site (the server's HttpOnly
 * cookie carries the session) and on different sites (`session.enable_auth_token_header`: the SDK keeps the
 * token from `X-Auth-Token` and sends it as a Bearer token).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';
import { type Browser, browserSkipReason, launchBrowser } from './browser.ts';
import { HankoPage, validateToken as validateAt } from './hanko-page.ts';
import { type PageServer, startPageServer } from './page-server.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

interface Deployment {
  name: string;
  /** The API on `localhost` (same site as the page) or on `127.0.0.1` (another site). */
  sameSite: boolean;
  tokenHeader: boolean;
}

const DEPLOYMENTS: Deployment[] = [
  { name: 'same site, session cookie', sameSite: true, tokenHeader: false },
  { name: 'cross site, X-Auth-Token', sameSite: false, tokenHeader: true },
];

function serverConfig(d: Deployment, smtpPort: number, pageOrigin: string): RawConfig {
  return {
    email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtpPort) } },
    password: { enabled: false },
    passkey: { enabled: false },
    mfa: { enabled: false },
    server: { public: { cors: { allow_origins: [pageOrigin] } } },
    webauthn: { relying_party: { id: 'localhost', origins: [pageOrigin] } },
    // The default cookie (Secure, SameSite=Strict) is kept: Chromium accepts Secure cookies from http://localhost.
    session: { enable_auth_token_header: d.tokenHeader },
  };
}

const validateToken = (rt: TestRuntime, token: string) => validateAt(rt.publicUrl, token);

const skip = browserSkipReason();
const EMAIL = 'e2e.user@example.com';
const STEP = { timeout: 180_000 };

for (const d of DEPLOYMENTS) {
  describe(`hanko-elements 2.7.0 in Chromium: passcode sign-up and sign-in (${d.name}) [pglite]`, {
    skip,
  }, () => {
    let smtp: Smtp | undefined;
    let pages: PageServer | undefined;
    let rt: TestRuntime | undefined;
    let browser: Browser | undefined;
    let ui: HankoPage;
    let db: TestRuntime['services']['db']['knex'];
    let api: string;
    let userId: string | undefined;
    let firstToken: string | undefined;
    let loggedOut = false;

    /** Where the session token lives in the browser: the server's cookie, or the one the SDK sets. */
    const cookieUrl = () => (d.tokenHeader ? ui.pageUrl : api);

    before(async () => {
      smtp = await startSmtp();
      pages = await startPageServer();
      rt = await startTestRuntime('pglite', serverConfig(d, smtp.port, pages.url));
      db = rt.services.db.knex;
      api = d.sameSite ? rt.publicUrl.replace('//127.0.0.1:', '//localhost:') : rt.publicUrl;
      browser = await launchBrowser();
      ui = new HankoPage(browser.page, pages.url, api);
    });

    after(async () => {
      await browser?.close();
      await pages?.close();
      await rt?.close();
      await smtp?.close();
    });

    it('signs up by email passcode', STEP, async () => {
      await ui.step('signup', async () => {
        await ui.open();
        await ui.settledIn('login_init', 'login');
        await ui.page.getByText('Create account').click();
        await ui.settledIn('registration_init', 'registration');
        await ui.submitEmail(EMAIL);
        const code = passcodeIn(await smtp!.waitFor(EMAIL, 30_000));
        await ui.settledIn('passcode_confirmation', 'registration');
        await ui.typePasscode(code);
        const { claims } = await ui.sessionCreated(1);
        await ui.page.locator('#session-box').waitFor({ state: 'visible' });

        assert.deepEqual(claims.email, { address: EMAIL, is_primary: true, is_verified: true });
        assert.deepEqual(claims.amr, ['otp']);
        userId = String(claims.subject);
        const users = await db('users').select('id');
        assert.deepEqual(
          users.map((u) => u.id),
          [userId],
        );
        const email = await db('emails').where({ address: EMAIL }).first();
        assert.equal(email?.user_id, userId);
        assert.equal(Boolean(email?.verified), true);
        assert.ok(await db('primary_emails').where({ user_id: userId, email_id: email?.id }).first());
        const sessions = await db('sessions').where({ user_id: userId }).select('id');
        assert.deepEqual(
          sessions.map((s) => s.id),
          [claims.session_id],
        );

        const cookie = await ui.sessionCookie(cookieUrl());
        assert.ok(cookie, 'the browser holds a session token');
        // The server's cookie is HttpOnly; the SDK's own cookie (token header mode) is script-readable.
        assert.equal(cookie.httpOnly, !d.tokenHeader);
        firstToken = cookie.value;
        assert.equal((await validateToken(rt!, firstToken)).user_id, userId);
        const fromPage = await ui.validateFromPage();
        assert.equal(fromPage.is_valid, true, 'the SDK sees a valid session');
        assert.equal(fromPage.user_id, userId);
      });
    });

    it('logs out through the SDK', STEP, async () => {
      assert.ok(userId && firstToken, 'needs the sign-up step');
      await ui.step('logout', async () => {
        await ui.logout();
        assert.equal(
          await db('sessions').where({ user_id: userId }).first(),
          undefined,
          'session row deleted',
        );
        assert.equal((await validateToken(rt!, firstToken!)).is_valid, false);
        assert.equal(await ui.sessionCookie(cookieUrl()), undefined, 'the browser dropped the token');
        assert.equal((await ui.validateFromPage()).is_valid, false);
        const audit = await db('audit_logs')
          .where({ type: 'user_logged_out', actor_user_id: userId })
          .first();
        assert.ok(audit, 'user_logged_out audit entry');
      });
      loggedOut = true;
    });

    it('signs in again by email passcode', STEP, async () => {
      assert.ok(userId && loggedOut, 'needs the sign-up and logout steps');
      await ui.step('login', async () => {
        await ui.settledIn('login_init', 'login');
        await ui.submitEmail(EMAIL);
        const code = passcodeIn(await smtp!.waitFor(EMAIL, 30_000));
        await ui.settledIn('passcode_confirmation', 'login');
        await ui.typePasscode(code);
        const { claims } = await ui.sessionCreated(2);
        await ui.page.locator('#session-box').waitFor({ state: 'visible' });

        assert.equal(claims.subject, userId);
        assert.deepEqual(claims.amr, ['otp']);
        const sessions = await db('sessions').where({ user_id: userId }).select('id');
        assert.deepEqual(
          sessions.map((s) => s.id),
          [claims.session_id],
        );
        assert.equal(Number((await db('users').count({ n: '*' }).first())?.n), 1, 'no second user');
        const lastLogin = await ui.page.evaluate(() => localStorage.getItem('hanko_last_login'));
        assert.deepEqual(JSON.parse(lastLogin ?? 'null'), { login_method: 'passcode' });

        const cookie = await ui.sessionCookie(cookieUrl());
        assert.ok(cookie, 'the browser holds a session token');
        assert.notEqual(cookie.value, firstToken);
        assert.equal((await validateToken(rt!, cookie.value)).user_id, userId);
        assert.equal((await ui.validateFromPage()).is_valid, true);
      });
    });
  });
}

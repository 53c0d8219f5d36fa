/**
 * Browser end-to-end test: the unmodified `@teamhanko/hanko-elements@2.7.0` `<hanko-profile>` in headless
 * Chromium against our server (page and API on the same site, the HttpOnly cookie carries the session).
 * A user signs up by email passcode and a passkey (Chromium's virtual authenticator), skips the optional
 * password, and then manages the account on the profile: adds a second email verified by passcode and makes
 * it primary; sets and changes a password; renames and deletes the passkey; deletes the account. Afterwards
 * neither address signs in. Every step checks the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RawConfig, startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { type InboxMail, passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';
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

const skip = browserSkipReason();
const EMAIL = 'e2e.profile@example.com';
const SECOND = 'e2e.profile.second@example.com';
const PASSWORD = 'first password of the profile';
const NEW_PASSWORD = 'second password of the profile';
const PASSKEY_NAME = 'My laptop';
const STEP = { timeout: 180_000 };
/** Test page options: the profile with its passkey section, and the SDK's shortest session check interval. */
const PAGE = {
  conditional_mediation: 'off',
  profile: 'on',
  enable_passkeys: 'on',
  session_check_interval: '3000',
};

/** The Subject header of a received mail, unfolded. */
function subjectOf(mail: InboxMail): string {
  const head = (mail.raw.split(/\r?\n\r?\n/)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return /^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? '';
}

/** The user's addresses as stored: address → verified / primary. */
async function emailsOf(db: Knex, userId: string) {
  const primary = await db('primary_emails').where({ user_id: userId }).first('email_id');
  const rows = await db('emails').where({ user_id: userId }).orderBy('address');
  return rows.map((r) => ({
    address: String(r.address),
    verified: Boolean(r.verified),
    primary: r.id === primary?.email_id,
  }));
}

describe('hanko-elements 2.7.0 in Chromium: <hanko-profile> manages the account [pglite]', { skip }, () => {
  const env = {} as {
    smtp: Smtp;
    pages: PageServer;
    rt: TestRuntime;
    browser: Browser;
    authenticator: VirtualAuthenticator;
    ui: HankoPage;
    db: Knex;
  };
  let userId = '';
  let token = '';
  let passwordHash = '';
  /** The last passcode each address received (replayed after the account is gone). */
  const codes = new Map<string, string>();

  before(async () => {
    env.smtp = await startSmtp();
    env.pages = await startPageServer();
    const config: RawConfig = {
      email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(env.smtp.port) } },
      password: { enabled: true, optional: true },
      passkey: { enabled: true },
      mfa: { enabled: false },
      account: { allow_deletion: true },
      server: { public: { cors: { allow_origins: [env.pages.url] } } },
      webauthn: { relying_party: { id: 'localhost', origins: [env.pages.url] } },
    };
    env.rt = await startTestRuntime('pglite', config);
    env.db = env.rt.services.db.knex;
    env.browser = await launchBrowser();
    env.authenticator = await addVirtualAuthenticator(env.browser.page);
    const api = env.rt.publicUrl.replace('//127.0.0.1:', '//localhost:');
    env.ui = new HankoPage(env.browser.page, env.pages.url, api);
  });
  after(async () => {
    await env.browser?.close();
    await env.pages?.close();
    await env.rt?.close();
    await env.smtp?.close();
  });

  /**
   * Runs one profile action through the UI: `act` clicks, then the test waits for the action's response
   * (`profile_init` again unless `to` says otherwise) and for Elements to settle there.
   */
  async function profileAction(action: string, act: () => Promise<void>, to = 'profile_init') {
    const { ui } = env;
    const mark = ui.log.length;
    const since = await ui.stateCount();
    await act();
    const line = await ui.trafficMatching(new RegExp(`action=${action}%40`), mark);
    assert.match(line, new RegExp(` → 200 ${to}$`), `${action} answered ${line}`);
    await ui.settledIn(to, 'profile', since);
  }

  /**
   * Opens the profile's accordion item whose label matches `label` and returns it (Elements draws an item as
   * a radio input with its label, followed by the content; the item's class is the one handle it offers).
   */
  async function openItem(label: RegExp) {
    const item = env.ui.page
      .locator('.hanko_accordionItem')
      .filter({ has: env.ui.page.getByRole('radio', { name: label }) });
    await item.locator('label').first().click();
    return item;
  }
  const startsWith = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

  it('signs up by email passcode and a passkey, then shows the profile', STEP, async () => {
    const { ui, smtp, db } = env;
    await ui.step('profile-signup', async () => {
      await ui.open(PAGE);
      await ui.settledIn('login_init', 'login');
      await ui.page.getByText('Create account').click();
      await ui.settledIn('registration_init', 'registration');
      await ui.submitEmail(EMAIL);
      const code = passcodeIn(await smtp.waitFor(EMAIL, 30_000));
      codes.set(EMAIL, code);
      await ui.settledIn('passcode_confirmation', 'registration');
      await ui.typePasscode(code);
      await ui.settledIn('onboarding_create_passkey', 'registration');
      await ui.page.getByRole('button', { name: 'Create a passkey' }).click();
      // The password is optional: the onboarding offers it and the user skips it.
      await ui.settledIn('password_creation', 'registration');
      await ui.page.getByRole('button', { name: 'Skip' }).click();
      const { claims } = await ui.sessionCreated(1);
      assert.deepEqual(claims.amr, ['otp', 'passkey']);
      userId = String(claims.subject);
      await ui.settledIn('profile_init', 'profile');

      assert.deepEqual(await emailsOf(db, userId), [{ address: EMAIL, verified: true, primary: true }]);
      assert.equal((await env.authenticator.credentials()).length, 1);
      assert.equal((await db('webauthn_credentials').where({ user_id: userId })).length, 1);
      assert.equal(await db('password_credentials').where({ user_id: userId }).first(), undefined);
      const cookie = await ui.sessionCookie(ui.apiUrl);
      assert.ok(cookie, 'the browser holds the session cookie');
      token = cookie.value;
      assert.equal((await validateToken(env.rt.publicUrl, token)).user_id, userId);
      await ui.page.getByRole('heading', { name: 'Passkeys' }).waitFor();
    });
  });

  it('adds a second email, verifies it by passcode and makes it primary', STEP, async () => {
    assert.ok(userId, 'needs the sign-up step');
    const { ui, smtp, db } = env;
    await ui.step('profile-email', async () => {
      const add = await openItem(/^Add email/);
      await add.getByLabel('New email address').fill(SECOND);
      await profileAction(
        'email_create',
        () => add.getByRole('button', { name: 'Save' }).click(),
        'passcode_confirmation',
      );
      const code = passcodeIn(await smtp.waitFor(SECOND, 30_000));
      codes.set(SECOND, code);
      // Not yet stored: the address is written only once the passcode proves it.
      assert.deepEqual(await emailsOf(db, userId), [{ address: EMAIL, verified: true, primary: true }]);
      await profileAction('verify_passcode', () => ui.typePasscode(code));
      assert.deepEqual(await emailsOf(db, userId), [
        { address: SECOND, verified: true, primary: false },
        { address: EMAIL, verified: true, primary: true },
      ]);
      // Security notification `email_create` to the primary address (flow-api §4.7, persist email verified).
      assert.match(subjectOf(await smtp.waitFor(EMAIL, 30_000)), /^An email address was added to your /);

      const second = await openItem(startsWith(SECOND));
      await profileAction('email_set_primary', () =>
        second.getByRole('button', { name: 'Set as primary' }).click(),
      );
      assert.deepEqual(await emailsOf(db, userId), [
        { address: SECOND, verified: true, primary: true },
        { address: EMAIL, verified: true, primary: false },
      ]);
      await ui.page.getByRole('radio', { name: startsWith(`${SECOND} - primary`) }).waitFor();
      // Security notification `primary_email_update` to the old primary address.
      assert.match(
        subjectOf(await smtp.waitFor(EMAIL, 30_000)),
        /^The primary email address of your .* was changed$/,
      );
    });
  });

  it('sets a password, then changes it', STEP, async () => {
    assert.ok(userId, 'needs the sign-up step');
    const { ui, db, rt } = env;
    await ui.step('profile-password', async () => {
      const set = await openItem(/^Set password/);
      await set.getByLabel('New password').fill(PASSWORD);
      await profileAction('password_create', () => set.getByRole('button', { name: 'Save' }).click());
      const rows = await db('password_credentials').where({ user_id: userId });
      assert.equal(rows.length, 1, 'one password_credentials row');
      assert.equal(await rt.services.passwords.verify(rows[0].password, PASSWORD), true);
      passwordHash = String(rows[0].password);

      const change = await openItem(/^Change password/);
      await change.getByLabel('New password').fill(NEW_PASSWORD);
      await profileAction('password_update', () => change.getByRole('button', { name: 'Save' }).click());
      const changed = await db('password_credentials').where({ user_id: userId });
      assert.equal(changed.length, 1, 'still one password_credentials row');
      assert.notEqual(changed[0].password, passwordHash, 'the hash changed');
      assert.equal(await rt.services.passwords.verify(changed[0].password, NEW_PASSWORD), true);
      assert.equal(await rt.services.passwords.verify(changed[0].password, PASSWORD), false);
      // Setting a first password notifies nobody; changing it notifies the primary address (now SECOND).
      assert.match(subjectOf(await env.smtp.waitFor(SECOND, 30_000)), /password was changed$/);
      assert.deepEqual(env.smtp.mails.map(subjectOf), [], 'no other mail');
    });
  });

  it('renames the passkey, then deletes it', STEP, async () => {
    assert.ok(userId, 'needs the sign-up step');
    const { ui, db } = env;
    await ui.step('profile-passkey', async () => {
      const [row] = await db('webauthn_credentials').where({ user_id: userId });
      assert.ok(row, 'the passkey of the sign-up');
      // Elements names an unnamed passkey after the end of its id.
      const unnamed = await openItem(/^Passkey-/);
      await unnamed.getByRole('button', { name: 'Rename' }).click();
      const field = ui.page.getByPlaceholder('New passkey name');
      await field.fill(PASSKEY_NAME);
      await profileAction('webauthn_credential_rename', () =>
        ui.page.locator('form', { has: field }).getByRole('button', { name: 'Save' }).click(),
      );
      const renamed = await db('webauthn_credentials').where({ id: row.id }).first();
      assert.equal(renamed?.name, PASSKEY_NAME);

      const named = await openItem(startsWith(PASSKEY_NAME));
      await named.getByRole('button', { name: 'Delete', exact: true }).click();
      // Elements asks "Delete no / yes" in place.
      await profileAction('webauthn_credential_delete', () =>
        named.getByRole('button', { name: 'yes', exact: true }).click(),
      );
      assert.deepEqual(await db('webauthn_credentials').where({ user_id: userId }), []);
      assert.deepEqual(
        await db('webauthn_credential_transports').where({ webauthn_credential_id: row.id }),
        [],
      );
      await ui.page.getByRole('radio', { name: startsWith(PASSKEY_NAME) }).waitFor({ state: 'detached' });
      assert.equal(await ui.page.getByRole('radio', { name: /^Passkey-/ }).count(), 0, 'no passkey listed');
    });
  });

  it('deletes the account', STEP, async () => {
    assert.ok(userId && token, 'needs the sign-up step');
    const { ui, db, rt } = env;
    await ui.step('profile-delete-account', async () => {
      await ui.page.getByRole('button', { name: 'Delete account' }).click();
      await ui.page.getByLabel('Yes, delete this account.').check();
      const mark = ui.log.length;
      await ui.page.getByRole('button', { name: 'Delete', exact: true }).click();
      const line = await ui.trafficMatching(/action=account_delete%40/, mark);
      assert.match(line, / → 200 account_deleted$/);
      await ui.page.locator('#status', { hasText: 'user-deleted' }).waitFor();

      assert.deepEqual(await db('users').where({ id: userId }), []);
      assert.deepEqual(await db('emails').whereIn('address', [EMAIL, SECOND]), []);
      assert.deepEqual(await db('primary_emails').where({ user_id: userId }), []);
      assert.deepEqual(await db('password_credentials').where({ user_id: userId }), []);
      assert.deepEqual(await db('webauthn_credentials').where({ user_id: userId }), []);
      assert.deepEqual(await db('sessions').where({ user_id: userId }), []);
      assert.equal((await validateToken(rt.publicUrl, token)).is_valid, false);
      assert.equal(await ui.sessionCookie(ui.apiUrl), undefined, 'the browser dropped the cookie');
      assert.equal((await ui.validateFromPage()).is_valid, false);

      // hanko-frontend-sdk 2.7.0 forgets its own session state (localStorage `hanko_session_state`) on logout,
      // not on user-deleted: a page opened now believes in a session until its session check finds none and
      // reports it expired, and <hanko-auth> restarts its flow then. Let that happen before the login attempts.
      const stale = await ui.page.evaluate(
        () => JSON.parse(localStorage.getItem('hanko_session_state') ?? '{}').expiration > Date.now(),
      );
      await ui.open(PAGE);
      if (stale) await ui.eventCount('session-expired', 1);
      assert.equal(
        await ui.page.evaluate(
          () =>
            (JSON.parse(localStorage.getItem('hanko_session_state') ?? '{}').expiration ?? 0) <= Date.now(),
        ),
        true,
        'the SDK holds no session',
      );
    });
  });

  /** Login with a deleted address up to the screen of `method`; the server shows the chooser as for anyone. */
  async function loginAttempt(address: string, method: 'Passcode' | 'Password') {
    const { ui } = env;
    await ui.open(PAGE);
    await ui.settledIn('login_init', 'login');
    await ui.submitEmail(address);
    // No account hints: the same choice as for an account with a password and passcodes.
    await ui.settledIn('login_method_chooser', 'login');
    await ui.page.getByRole('button', { name: method, exact: true }).click();
  }

  /** Nothing signed in, nothing of the user left. */
  async function assertNoAccount() {
    const { ui, db } = env;
    const rec = await ui.pageRecord();
    assert.equal(rec.events.filter((e) => e.type === 'session-created').length, 0, 'no session');
    assert.equal(await ui.sessionCookie(ui.apiUrl), undefined);
    assert.deepEqual(await db('users'), []);
    assert.deepEqual(await db('emails'), []);
    assert.deepEqual(await db('sessions'), []);
    assert.deepEqual(await db('password_credentials'), []);
  }

  for (const address of [SECOND, EMAIL]) {
    it(`does not sign the deleted address ${address} in by passcode`, STEP, async () => {
      assert.ok(userId && codes.has(address), 'needs the previous steps');
      const { ui, smtp } = env;
      await ui.step('profile-deleted-passcode', async () => {
        await loginAttempt(address, 'Passcode');
        await ui.settledIn('passcode_confirmation', 'login');
        // The mail tells of a login attempt and carries no code; the address's last real code is replayed.
        const mail = await smtp.waitFor(address, 30_000);
        assert.match(subjectOf(mail), /^Sign-in attempt at /);
        assert.throws(() => passcodeIn(mail), /no passcode/);
        const since = await ui.stateCount();
        const mark = ui.log.length;
        await ui.typePasscode(codes.get(address) ?? '');
        const line = await ui.trafficMatching(/action=verify_passcode%40/, mark);
        assert.match(
          line,
          / → 400 passcode_confirmation error=form_data_invalid_error input verify_passcode\.code=passcode_invalid$/,
        );
        await ui.settledIn('passcode_confirmation', 'login', since);
        await ui.page.getByText('The passcode provided was not correct.').waitFor();
        await assertNoAccount();
      });
    });
  }

  it('does not sign the deleted address in by its last password', STEP, async () => {
    assert.ok(userId && passwordHash, 'needs the previous steps');
    const { ui } = env;
    await ui.step('profile-deleted-password', async () => {
      await loginAttempt(SECOND, 'Password');
      await ui.settledIn('login_password', 'login');
      await ui.page.getByLabel('Password').fill(NEW_PASSWORD);
      const since = await ui.stateCount();
      const mark = ui.log.length;
      await ui.page.getByRole('button', { name: 'Sign in' }).click();
      const line = await ui.trafficMatching(/action=password_login%40/, mark);
      // Wrong credentials, exactly as for an existing account with another password.
      assert.match(
        line,
        / → 400 login_password error=form_data_invalid_error input password_login\.password=value_invalid_error$/,
      );
      await ui.settledIn('login_password', 'login', since);
      await assertNoAccount();
    });
  });
});

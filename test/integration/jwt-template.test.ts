import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { insertEmail, setPrimaryEmail } from '../../src/persistence/repositories/emails.ts';
import { ensureUserMetadataRow, saveUserMetadata } from '../../src/persistence/repositories/user-metadata.ts';
import { insertUser, setUsername, updateUserProfile } from '../../src/persistence/repositories/users.ts';
import type { Services } from '../../src/services.ts';
import { issueSession } from '../../src/sessions/issue.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

const claims = {
  role: 'user',
  verified: '{{ .User.Email.IsVerified }}',
  display_name: '{{ .User.Metadata.Public "display_name" }}',
  games: '{{ .User.Metadata.Public "favorite_games.#.genre" }}',
  scopes: ['read', '{{ if .User.Email.IsVerified }}admin{{ else }}basic{{ end }}'],
  profile: {
    name: '{{ .User.GivenName }} {{ .User.FamilyName }}',
    level: '{{ .User.Metadata.Public "level" }}',
  },
  theme: '{{ .User.Metadata.Unsafe "theme" }}',
  secret: '{{ .User.Metadata.Private "x" }}',
  sub: 'not-the-user',
  username: '{{ .User.Username }}-custom',
};

async function createGamer(s: Services) {
  const now = s.now();
  const userId = await insertUser(s.db.knex, { now });
  const email = await insertEmail(s.db.knex, { userId, address: 'gamer@example.com', verified: true, now });
  await setPrimaryEmail(s.db.knex, userId, email.id, now);
  await setUsername(s.db.knex, userId, 'gamerdude', now);
  await updateUserProfile(s.db.knex, userId, { given_name: 'Gamer', family_name: 'Dude' }, now);
  await ensureUserMetadataRow(s.db.knex, userId, now);
  await saveUserMetadata(
    s.db.knex,
    userId,
    {
      public: {
        display_name: 'GamerDude',
        favorite_games: [
          { name: 'Doom', genre: 'fps' },
          { name: 'Civilization', genre: 'strategy' },
        ],
        level: 42,
      },
      private: { x: 'hidden' },
      unsafe: { theme: 'dark' },
    },
    now,
  );
  return userId;
}

for (const dialect of testDialects()) {
  describe(`session JWT template claims [${dialect}]`, () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await startTestRuntime(dialect, { session: { jwt_template: { claims } } });
    });
    after(() => rt.close());

    it('signs the custom claims of a user with public metadata; default claims win', async () => {
      const s = rt.services;
      const userId = await createGamer(s);
      const issued = await issueSession(s, { userId, amr: ['otp'] });
      const payload = await s.jwks.verify(issued.token);
      assert.equal(decodeProtectedHeader(issued.token).alg, 'RS256');
      assert.equal(payload.role, 'user');
      assert.equal(payload.verified, true);
      assert.equal(payload.display_name, 'GamerDude');
      assert.deepEqual(payload.games, ['fps', 'strategy']);
      assert.deepEqual(payload.scopes, ['read', 'admin']);
      assert.deepEqual(payload.profile, { name: 'Gamer Dude', level: '42' });
      assert.equal(payload.theme, 'dark');
      // no accessor for private metadata: the claim fails and is left out
      assert.equal('secret' in payload, false);
      // reserved names never come from the template
      assert.equal(payload.sub, userId);
      assert.equal(payload.username, 'gamerdude');
      assert.deepEqual(payload.email, { address: 'gamer@example.com', is_primary: true, is_verified: true });
      assert.deepEqual(payload.amr, ['otp']);
      assert.equal(payload.session_id, issued.sessionId);
    });

    it('leaves out metadata claims of a user without metadata or email', async () => {
      const s = rt.services;
      const userId = await insertUser(s.db.knex, { now: s.now() });
      const issued = await issueSession(s, { userId, amr: [] });
      const payload = await s.jwks.verify(issued.token);
      assert.equal(payload.role, 'user');
      for (const name of ['verified', 'display_name', 'games', 'scopes', 'profile', 'theme', 'secret']) {
        assert.equal(name in payload, false, name);
      }
      assert.equal('username' in payload, false);
      assert.equal(payload.sub, userId);
    });
  });
}

for (const dialect of testDialects()) {
  describe(`session JWT template claims in the flows [${dialect}]`, () => {
    let rt: TestRuntime;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    before(async () => {
      smtp = await startSmtp();
      rt = await startTestRuntime(dialect, {
        email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtp.port) } },
        password: { enabled: false },
        passkey: { enabled: false },
        mfa: { enabled: false },
        session: { jwt_template: { claims } },
      });
    });
    after(async () => {
      await rt.close();
      await smtp.close();
    });

    const start = async (client: FlowClient, flow: string) => {
      const first = await client.start(flow);
      return client.run(first, 'register_client_capabilities', { webauthn_available: false });
    };

    it('registration (no metadata yet) and a later login (with metadata) carry the custom claims', async () => {
      const client = new FlowClient(rt.publicUrl);
      let s: FlowState = await start(client, 'registration');
      s = await client.run(s, 'register_login_identifier', { email: 'player@example.com' });
      s = await client.run(s, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('player@example.com')),
      });
      assert.equal(s.name, 'success', JSON.stringify(s));
      const first = s.payload!.claims as Record<string, unknown>;
      assert.equal(first.role, 'user');
      assert.equal(first.verified, true);
      assert.deepEqual(first.scopes, ['read', 'admin']);
      assert.equal('display_name' in first, false);

      const userId = first.subject as string;
      const now = rt.services.now();
      await ensureUserMetadataRow(rt.services.db.knex, userId, now);
      await saveUserMetadata(
        rt.services.db.knex,
        userId,
        { public: { display_name: 'Player One', level: 7 }, private: null, unsafe: null },
        now,
      );
      let l: FlowState = await start(client, 'login');
      l = await client.run(l, 'continue_with_login_identifier', { email: 'player@example.com' });
      l = await client.run(l, 'verify_passcode', {
        code: passcodeIn(await smtp.waitFor('player@example.com')),
      });
      assert.equal(l.name, 'success', JSON.stringify(l));
      const second = l.payload!.claims as Record<string, unknown>;
      assert.equal(second.display_name, 'Player One');
      const token = /hanko=([^;]+)/.exec(client.lastResponse!.headers.get('set-cookie') ?? '')?.[1];
      const payload = await rt.services.jwks.verify(token!);
      assert.equal(payload.display_name, 'Player One');
      assert.deepEqual(payload.profile, { name: ' ', level: '7' });
    });
  });
}

/**
 * Registration: which credential states follow the passcode (§5.2) for the password/passkey acquisition
 * settings, and when `skip` is offered in `password_creation`, `onboarding_create_passkey` and
 * `credential_onboarding_chooser` (§4.10, §4.11, §4.13).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RawConfig } from '../helpers/app.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';
import { FlowClient, type FlowState } from '../helpers/flow-client.ts';
import { begin, inputErrorCode, offered, passwordConfig, passwordHashOf } from '../helpers/password-flows.ts';
import { passcodeIn, startSmtp } from '../helpers/smtp-inbox.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

interface Scenario {
  name: string;
  config: RawConfig;
  webauthn?: boolean;
  run(ctx: { client: FlowClient; s: FlowState; rt: TestRuntime }): Promise<void>;
}

const userIdOf = (s: FlowState) => (s.payload!.claims as { subject: string }).subject;
const amrOf = (s: FlowState) => (s.payload!.claims as { amr?: string[] }).amr;

const scenarios: Scenario[] = [
  {
    name: 'password never: the passcode is the only step',
    config: { password: { acquire_on_registration: 'never' } },
    async run({ s }) {
      assert.equal(s.name, 'success');
      assert.deepEqual(amrOf(s), ['otp']);
    },
  },
  {
    name: 'password conditional without passkeys, optional: password_creation can be skipped',
    config: { password: { acquire_on_registration: 'conditional', optional: true } },
    async run({ client, s, rt }) {
      assert.equal(s.name, 'password_creation');
      assert.deepEqual(offered(s), ['register_password', 'skip']);
      assert.equal(
        (s.actions.register_password!.inputs.new_password as { required: boolean }).required,
        false,
      );
      const empty = await client.run(s, 'register_password', { new_password: '' });
      assert.equal(empty.status, 400);
      assert.equal(inputErrorCode(empty, 'register_password', 'new_password'), 'value_invalid_error');
      const done = await client.run(empty, 'skip');
      assert.equal(done.name, 'success');
      assert.equal(await passwordHashOf(rt.services.db.knex, userIdOf(done)), undefined);
    },
  },
  {
    name: 'passkey and password conditional: the credential chooser',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'conditional' },
      password: { acquire_on_registration: 'conditional' },
    },
    webauthn: true,
    async run({ client, s, rt }) {
      assert.equal(s.name, 'credential_onboarding_chooser');
      for (const a of ['continue_to_passkey_registration', 'continue_to_password_registration', 'skip'])
        assert.ok(s.actions[a], `${a} offered`);
      assert.equal(s.actions.back, undefined, 'the verified passcode cannot be undone');
      let p = await client.run(s, 'continue_to_passkey_registration');
      assert.equal(p.name, 'onboarding_create_passkey');
      assert.equal(p.actions.skip, undefined, 'no skip after choosing');
      assert.ok(p.actions.back);
      p = await client.run(p, 'back');
      assert.equal(p.name, 'credential_onboarding_chooser');
      p = await client.run(p, 'continue_to_password_registration');
      assert.equal(p.name, 'password_creation');
      assert.deepEqual(offered(p), ['back', 'register_password']);
      p = await client.run(p, 'register_password', { new_password: 'chooser password' });
      assert.equal(p.name, 'success', JSON.stringify(p));
      assert.deepEqual(amrOf(p), ['otp', 'pwd']);
      assert.match((await passwordHashOf(rt.services.db.knex, userIdOf(p))) ?? '', /^\$argon2id\$/);
    },
  },
  {
    name: 'chooser skip needs a passcode-capable address',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'conditional' },
      password: { acquire_on_registration: 'conditional' },
      email: { use_for_authentication: false },
    },
    webauthn: true,
    async run({ s }) {
      assert.equal(s.name, 'credential_onboarding_chooser');
      assert.equal(s.actions.skip, undefined);
    },
  },
  {
    name: 'passkey always, password conditional: skipping the passkey asks for a password',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'always' },
      password: { acquire_on_registration: 'conditional', optional: true },
    },
    webauthn: true,
    async run({ client, s }) {
      assert.equal(s.name, 'onboarding_create_passkey');
      assert.ok(s.actions.skip);
      const p = await client.run(s, 'skip');
      assert.equal(p.name, 'password_creation');
      assert.ok(p.actions.skip, 'the address still allows passcode logins');
      const done = await client.run(p, 'skip');
      assert.equal(done.name, 'success');
      assert.deepEqual(amrOf(done), ['otp']);
    },
  },
  {
    name: 'no passcode logins: after a skipped passkey the password cannot be skipped',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'always' },
      password: { acquire_on_registration: 'conditional', optional: true },
      email: { use_for_authentication: false },
    },
    webauthn: true,
    async run({ client, s }) {
      assert.equal(s.name, 'onboarding_create_passkey');
      const p = await client.run(s, 'skip');
      assert.equal(p.name, 'password_creation');
      assert.equal(p.actions.skip, undefined);
      const done = await client.run(p, 'register_password', { new_password: 'a long password' });
      assert.equal(done.name, 'success');
    },
  },
  {
    name: 'passkey never, no passcode logins: an optional password cannot be skipped',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'never' },
      password: { acquire_on_registration: 'always', optional: true },
      email: { use_for_authentication: false },
    },
    webauthn: true,
    async run({ s }) {
      assert.equal(s.name, 'password_creation');
      assert.equal(s.actions.skip, undefined);
    },
  },
  {
    name: 'passkey never, passcode logins: an optional password can be skipped',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'never' },
      password: { acquire_on_registration: 'always', optional: true },
    },
    webauthn: true,
    async run({ client, s }) {
      assert.equal(s.name, 'password_creation');
      const done = await client.run(s, 'skip');
      assert.equal(done.name, 'success');
    },
  },
  {
    name: 'both always, password required and passkey optional: password first',
    config: {
      passkey: { enabled: true, acquire_on_registration: 'always', optional: true },
      password: { acquire_on_registration: 'always', optional: false },
    },
    webauthn: true,
    async run({ client, s }) {
      assert.equal(s.name, 'password_creation');
      assert.equal(s.actions.skip, undefined);
      const p = await client.run(s, 'register_password', { new_password: 'first password' });
      assert.equal(p.name, 'onboarding_create_passkey');
      assert.ok(p.actions.skip, 'a password exists, the passkey is optional');
      const done = await client.run(p, 'skip');
      assert.equal(done.name, 'success');
      assert.deepEqual(amrOf(done), ['otp', 'pwd']);
    },
  },
];

for (const dialect of testDialects()) {
  describe(`flows: password acquisition at registration [${dialect}]`, () => {
    let smtp: Smtp;
    before(async () => {
      smtp = await startSmtp();
    });
    after(async () => {
      await smtp.close();
    });

    scenarios.forEach((sc, i) => {
      it(sc.name, async () => {
        const rt = await startTestRuntime(dialect, passwordConfig(smtp.port, sc.config));
        try {
          const client = new FlowClient(rt.publicUrl);
          const email = `reg${i}@example.com`;
          let s = await begin(client, 'registration', sc.webauthn ?? false);
          s = await client.run(s, 'register_login_identifier', { email });
          assert.equal(s.name, 'passcode_confirmation', JSON.stringify(s));
          s = await client.run(s, 'verify_passcode', { code: passcodeIn(await smtp.waitFor(email)) });
          await sc.run({ client, s, rt });
        } finally {
          await rt.close();
        }
      });
    });
  });
}

import type { SoftAuthenticator } from '../test/helpers/authenticator.ts';
import { FlowClient, type FlowState } from '../test/helpers/flow-client.ts';
import type { startSmtp } from '../test/helpers/smtp-inbox.ts';
import { passcodeIn } from '../test/helpers/smtp-inbox.ts';

type Inbox = Awaited<ReturnType<typeof startSmtp>>;

/** Multi-step scenarios; each returns the latency (ms) it wants reported, or undefined for the whole iteration. */
export function flowScenarios(
  publicUrl: string,
  users: number,
  inbox: Inbox,
  password: string,
  passkeys?: { auth: SoftAuthenticator; ids: string[] },
) {
  const client = new FlowClient(publicUrl);
  const email = (i: number) => `user${i % users}@bench.example`;
  const toLoginInit = async () => {
    const s = await client.start('login');
    return client.run(s, 'register_client_capabilities', { webauthn_available: false });
  };
  const expect = (s: FlowState, name: string) => {
    if (s.name !== name)
      throw new Error(`expected ${name}, got ${s.name} ${s.error ? JSON.stringify(s.error) : ''}`);
    return s;
  };
  return {
    /** Start a login flow and submit the identifier; the identifier request is the step measured. */
    async flowStep(worker: number, n: number): Promise<number> {
      const s = await toLoginInit();
      const t0 = performance.now();
      const next = await client.run(s, 'continue_with_login_identifier', {
        email: email(worker * 100_003 + n),
      });
      const ms = performance.now() - t0;
      if (next.status >= 400) throw new Error(`identifier step answered ${next.status}`);
      return ms;
    },
    /** Passcode login end to end, the code read from the SMTP sink. */
    async passcodeLogin(worker: number, n: number): Promise<undefined> {
      const address = email(worker * 7919 + n * 31);
      let s = await toLoginInit();
      s = await client.run(s, 'continue_with_login_identifier', { email: address });
      if (s.name === 'login_method_chooser') s = await client.run(s, 'continue_to_passcode_confirmation');
      expect(s, 'passcode_confirmation');
      const code = passcodeIn(await inbox.waitFor(address, 30_000));
      expect(await client.run(s, 'verify_passcode', { code }), 'success');
      return undefined;
    },
    /** Passkey login end to end with a software authenticator (one credential per worker: counters stay ordered). */
    async passkeyLogin(worker: number): Promise<undefined> {
      if (!passkeys) throw new Error('no passkeys seeded');
      const first = await client.start('login');
      let s = await client.run(first, 'register_client_capabilities', { webauthn_available: true });
      s = expect(await client.run(s, 'webauthn_generate_request_options'), 'login_passkey');
      const options = (s.payload as { request_options: unknown }).request_options;
      const assertion = passkeys.auth.get(options, {
        credentialId: passkeys.ids[worker % passkeys.ids.length] as string,
      });
      expect(
        await client.run(s, 'webauthn_verify_assertion_response', { assertion_response: assertion }),
        'success',
      );
      return undefined;
    },
    /** Password login end to end (registered users sharing one password). */
    async passwordLogin(worker: number, n: number): Promise<undefined> {
      let s = await toLoginInit();
      s = await client.run(s, 'continue_with_login_identifier', { email: email(worker * 104_729 + n * 13) });
      if (s.name === 'login_method_chooser') s = await client.run(s, 'continue_to_password_login');
      expect(s, 'login_password');
      expect(await client.run(s, 'password_login', { password }), 'success');
      return undefined;
    },
  };
}

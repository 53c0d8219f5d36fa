import type { Dialect } from '../../src/persistence/db.ts';
import { merge, type RawConfig, startTestRuntime, type TestRuntime } from './app.ts';
import { mailTo, startSmtp } from './smtp-inbox.ts';

export type Inbox = Awaited<ReturnType<typeof startSmtp>>;

/** A test runtime whose mail goes to a real in-process SMTP inbox; `close()` stops both. */
export async function startRuntimeWithInbox(
  dialect: Dialect,
  overrides: RawConfig = {},
): Promise<{ rt: TestRuntime; smtp: Inbox; close(): Promise<void> }> {
  const smtp = await startSmtp();
  const rt = await startTestRuntime(dialect, merge(mailTo(smtp), overrides));
  return {
    rt,
    smtp,
    close: async () => {
      await rt.close();
      await smtp.close();
    },
  };
}

/** Passcode-only flows: passwords, passkeys and MFA off. */
export const PASSCODE_ONLY: RawConfig = {
  password: { enabled: false },
  passkey: { enabled: false },
  mfa: { enabled: false },
};

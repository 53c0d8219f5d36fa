import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface InboxMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps every message, for flow tests that read passcodes. */
export async function startSmtp() {
  const mails: InboxMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No reverse DNS of the client (this machine has no resolver for it; each lookup waits for a timeout).
    disableReverseLookup: true,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (d: Buffer) => {
        raw += d.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
    async waitFor(to: string, ms = 10_000): Promise<InboxMail> {
      const start = Date.now();
      for (;;) {
        const i = mails.findIndex((m) => m.to.includes(to));
        if (i >= 0) return mails.splice(i, 1)[0] as InboxMail;
        if (Date.now() - start > ms) throw new Error(`no mail to ${to} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** The 6-digit passcode in a received mail. */
export function passcodeIn(mail: InboxMail): string {
  const text = mail.raw.replace(/=\r?\n/g, '');
  const m = /^(\d{6})\r?$/m.exec(text);
  if (!m) throw new Error(`no passcode in mail:\n${mail.raw.slice(0, 2000)}`);
  return m[1] as string;
}

/** Config that delivers mail to `smtp` (a `startSmtp()` inbox). */
export const mailTo = (smtp: { port: number }) => ({
  email_delivery: { enabled: true, smtp: { host: '127.0.0.1', port: String(smtp.port) } },
});

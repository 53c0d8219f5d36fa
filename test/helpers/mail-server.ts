/**
 * A real SMTP server (the `smtp-server` package) for tests: plain SMTP on 127.0.0.1, no AUTH, no STARTTLS.
 * Received messages are decoded just enough for assertions (headers, RFC 2047 subjects, multipart parts
 * in quoted-printable / base64 / 7bit). `reject` makes the server answer DATA with a temporary error.
 */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Number of messages refused with 451 so far. */
  rejected: number;
  /** While > 0, each message is refused with "451 try again later" and the counter goes down by one. */
  rejectNext: number;
  listen(): Promise<void>;
  close(): Promise<void>;
}

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export async function startSmtpServer(
  opts: { port?: number; listen?: boolean } = {},
): Promise<TestSmtpServer> {
  const port = opts.port ?? (await freePort());
  let server: SMTPServer | undefined;
  const state: TestSmtpServer = {
    port,
    received: [],
    rejected: 0,
    rejectNext: 0,
    async listen() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (state.rejectNext > 0) {
              state.rejectNext--;
              state.rejected++;
              const err = Object.assign(new Error('try again later'), { responseCode: 451 });
              callback(err);
              return;
            }
            const to = session.envelope.rcptTo.map((a) => a.address);
            state.received.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async close() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    },
  };
  if (opts.listen ?? true) await state.listen();
  return state;
}

/** Polls until `cond()` holds; fails after `timeoutMs` (a safety net against hanging, not a timing check). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const idx = part.indexOf('\r\n\r\n');
  const head = idx < 0 ? part : part.slice(0, idx);
  const body = idx < 0 ? '' : part.slice(idx + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQp(s: string): string {
  const bytes = s
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`)
    .replace(/%(?![0-9A-F]{2})/gi, '%25');
  // Every byte is now either printable ASCII or a %XX escape: decode as UTF-8.
  return decodeURIComponent(bytes.replace(/[^%\x20-\x7e\r\n\t]/g, encodeURIComponent));
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'quoted-printable') return decodeQp(body);
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQp(text.replace(/_/g, ' ')),
    );
}

function parseMail(raw: string, envelopeTo: string[]): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  const mail: ReceivedMail = {
    envelopeTo,
    from: decodeWords(headers.get('from') ?? ''),
    to: decodeWords(headers.get('to') ?? ''),
    subject: decodeWords(headers.get('subject') ?? ''),
    text: '',
    html: '',
    raw,
  };
  const collect = (type: string, content: string, encoding: string | undefined) => {
    if (type.startsWith('text/plain')) mail.text = decodeBody(content, encoding).replace(/\r\n/g, '\n');
    else if (type.startsWith('text/html')) mail.html = decodeBody(content, encoding).replace(/\r\n/g, '\n');
  };
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) {
    collect(type, body, headers.get('content-transfer-encoding'));
    return mail;
  }
  for (const section of body.split(`--${boundary}`).slice(1)) {
    if (section.startsWith('--')) break;
    const part = splitHeaders(section.replace(/^\r\n/, ''));
    collect(
      part.headers.get('content-type') ?? 'text/plain',
      part.body.replace(/\r\n$/, ''),
      part.headers.get('content-transfer-encoding'),
    );
  }
  return mail;
}

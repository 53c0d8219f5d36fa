/**
 * Mail delivery end to end: outbox rows written in real transactions, a real SMTP server (smtp-server) on
 * 127.0.0.1, nodemailer as the client. Waits are polls with a generous deadline, never timing assertions.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Config } from '../../src/config/types.ts';
import { MailDispatcher, type MailOutcome } from '../../src/mail/dispatcher.ts';
import { enqueueMail, type MailOutboxRow, NOT_FOR_DELIVERY, PARKED_UNTIL } from '../../src/mail/outbox.ts';
import { createMailService } from '../../src/mail/service.ts';
import { createSmtpTransport } from '../../src/mail/transport.ts';
import type { MailMessage } from '../../src/mail/types.ts';
import { mailsSentTotal } from '../../src/metrics/metrics.ts';
import type { Database } from '../../src/persistence/db.ts';
import { createLogger } from '../../src/util/logger.ts';
import { testConfig } from '../helpers/app.ts';
import { createTestDatabase, testDialects } from '../helpers/db.ts';
import { startSmtpServer, type TestSmtpServer, waitFor } from '../helpers/mail-server.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const now = () => new Date();
const TIMEOUTS = { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 };
const FAST = { pollIntervalMs: 50, baseDelayMs: 50, maxDelayMs: 200 };

const configFor = (port: number, enabled = true): Config =>
  testConfig({
    service: { name: 'Acme <Test> & Co' },
    email_delivery: {
      enabled,
      from_address: 'noreply@acme.test',
      from_name: 'Acme Mailer',
      smtp: { host: '127.0.0.1', port: String(port) },
    },
  });

const sentCount = async (template: string) =>
  (await mailsSentTotal.get()).values.find((v) => v.labels.template === template)?.value ?? 0;

const login = (to: string, locale = 'en', code = '482913'): MailMessage => ({
  to,
  template: 'login',
  locale,
  data: { service_name: 'Acme', otp_code: code, ttl: 300, valid_until: 1_900_000_000 },
});

for (const dialect of testDialects()) {
  describe(`mail delivery [${dialect}]`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let smtp: TestSmtpServer;
    const cleanup: Array<() => Promise<void>> = [];

    before(async () => {
      ({ db, drop } = await createTestDatabase(dialect));
    });
    after(async () => drop());
    beforeEach(async () => {
      await db.knex('mail_outbox').delete();
      smtp = await startSmtpServer({ listen: false });
    });
    afterEach(async () => {
      for (const c of cleanup.splice(0).reverse()) await c();
      await smtp.close();
    });

    const dispatcher = (
      config: Config,
      extra: Partial<ConstructorParameters<typeof MailDispatcher>[0]> = {},
    ) => {
      const d = new MailDispatcher({
        knex: db.knex,
        transport: createSmtpTransport(config.email_delivery, TIMEOUTS),
        from: { name: config.email_delivery.from_name, address: config.email_delivery.from_address },
        logger,
        now,
        ...FAST,
        ...extra,
      });
      cleanup.push(() => d.stop());
      return d;
    };
    const enqueue = (...msgs: MailMessage[]) =>
      db.knex.transaction(async (trx) => {
        for (const m of msgs) await enqueueMail(trx, m, now());
      });
    const rows = () => db.knex<MailOutboxRow>('mail_outbox').orderBy('recipient');

    it('sends English and German mails with subject, text and HTML parts (MailService)', async () => {
      await smtp.listen();
      const config = configFor(smtp.port);
      const sent: MailOutcome[] = [];
      const loginsBefore = await sentCount('login');
      const mail = createMailService(
        { config, db, logger, now },
        {
          transport: createSmtpTransport(config.email_delivery, TIMEOUTS),
          ...FAST,
          onSent: (m) => sent.push(m),
        },
      );
      cleanup.push(() => mail.stop());
      await db.knex.transaction(async (trx) => {
        await mail.enqueue(trx, {
          to: 'de@example.com',
          template: 'login',
          locale: 'de-DE',
          data: { otp_code: '917345', ttl: 300, valid_until: 1_900_000_000 },
        });
        await mail.enqueue(trx, {
          to: 'en@example.com',
          template: 'email_create',
          locale: 'undefined',
          data: { new_email_address: 'added@example.com' },
        });
      });
      mail.kick();
      await waitFor(() => smtp.received.length === 2, 'two mails');
      // The SMTP server may hold a message before the (pooled) client has heard its answer: wait for the
      // dispatcher to record both as sent.
      await waitFor(() => sent.length === 2, 'both marked as sent');

      const de = smtp.received.find((m) => m.envelopeTo.includes('de@example.com'))!;
      assert.equal(de.subject, '917345 ist Ihr Anmeldecode für Acme <Test> & Co');
      assert.match(de.from, /Acme Mailer/);
      assert.match(de.from, /<noreply@acme\.test>/);
      assert.match(de.to, /de@example\.com/);
      assert.match(de.text, /^917345$/m);
      assert.ok(de.text.includes('5 Minuten lang gültig'), de.text);
      assert.ok(de.html.includes('<html lang="de">'));
      assert.ok(de.html.includes('Acme &lt;Test&gt; &amp; Co'), 'service name escaped in HTML');
      assert.ok(!de.html.includes('<Test>'));
      assert.ok(de.html.includes('917345'));

      const en = smtp.received.find((m) => m.envelopeTo.includes('en@example.com'))!;
      assert.equal(en.subject, 'An email address was added to your Acme <Test> & Co account');
      assert.ok(en.text.includes('added@example.com'));
      assert.ok(en.html.includes('<html lang="en">'));

      const stored = await rows();
      assert.equal(stored.length, 2);
      for (const r of stored) {
        assert.ok(r.sent_at instanceof Date);
        assert.equal(r.attempts, 1);
        assert.equal(r.last_error, null);
      }
      assert.equal(JSON.parse(stored[0]!.data).service_name, 'Acme <Test> & Co', 'service name filled in');
      assert.equal(sent.length, 2);
      assert.equal(await sentCount('login'), loginsBefore + 1, 'hanko_mails_sent_total counts the mail');
    });

    it('retries while the SMTP server is down and delivers later', async () => {
      const config = configFor(smtp.port);
      const failures: boolean[] = [];
      const d = dispatcher(config, { onFailed: (_m, willRetry) => failures.push(willRetry) });
      await enqueue(login('late@example.com'));
      d.start();
      await waitFor(() => failures.length >= 2, 'two failed attempts');
      const failed = (await rows())[0]!;
      assert.ok(failed.attempts >= 2);
      assert.equal(failed.sent_at, null);
      assert.match(failed.last_error ?? '', /ECONNREFUSED|connect/i);
      assert.ok(failures.length >= 2 && failures.every((w) => w));
      await smtp.listen();
      await waitFor(() => smtp.received.length === 1, 'the mail after the server came up');
      await waitFor(async () => (await rows())[0]?.sent_at instanceof Date, 'sent_at');
      assert.equal(smtp.received[0]!.envelopeTo[0], 'late@example.com');
      assert.equal((await rows())[0]!.last_error, null);
    });

    it('retries after 451 temporary rejections', async () => {
      await smtp.listen();
      smtp.rejectNext = 2;
      const d = dispatcher(configFor(smtp.port));
      await enqueue(login('busy@example.com'));
      d.start();
      await waitFor(() => smtp.received.length === 1, 'the mail after two rejections');
      assert.equal(smtp.rejected, 2);
      await waitFor(async () => (await rows())[0]?.sent_at instanceof Date, 'sent_at');
      assert.equal((await rows())[0]!.attempts, 3);
    });

    it('gives up after maxAttempts and parks the mail', async () => {
      await smtp.listen();
      smtp.rejectNext = 1000;
      const failures: boolean[] = [];
      const d = dispatcher(configFor(smtp.port), { maxAttempts: 2, onFailed: (_m, w) => failures.push(w) });
      await enqueue(login('never@example.com'));
      d.start();
      await waitFor(() => failures.includes(false), 'giving up');
      await d.idle();
      const r = (await rows())[0]!;
      assert.equal(r.attempts, 2);
      assert.equal(r.sent_at, null);
      assert.equal(r.next_attempt_at.toISOString(), PARKED_UNTIL.toISOString());
      assert.match(r.last_error ?? '', /451/);
      assert.deepEqual(failures, [true, false]);
      smtp.rejectNext = 0;
      d.kick();
      await d.idle();
      assert.equal(smtp.received.length, 0, 'a parked mail is not sent again');
    });

    it('sends on start what an earlier process committed but never sent', async () => {
      await smtp.listen();
      await enqueue(login('crash@example.com'));
      const config = configFor(smtp.port);
      const mail = createMailService(
        { config, db, logger, now },
        { transport: createSmtpTransport(config.email_delivery, TIMEOUTS), ...FAST },
      );
      cleanup.push(() => mail.stop());
      await waitFor(() => smtp.received.length === 1, 'the mail left behind');
      assert.equal(smtp.received[0]!.envelopeTo[0], 'crash@example.com');
    });

    it('a rolled-back transaction sends nothing', async () => {
      await smtp.listen();
      await assert.rejects(
        db.knex.transaction(async (trx) => {
          await enqueueMail(trx, login('ghost@example.com'), now());
          throw new Error('rollback');
        }),
        /rollback/,
      );
      await enqueue(login('real@example.com'));
      const d = dispatcher(configFor(smtp.port));
      d.kick();
      await d.idle();
      await waitFor(() => smtp.received.length >= 1, 'the committed mail');
      assert.deepEqual(
        smtp.received.map((m) => m.envelopeTo[0]),
        ['real@example.com'],
      );
      assert.equal((await rows()).length, 1);
    });

    it('email_delivery.enabled: false writes the mail but never sends it, not even after switching on', async () => {
      await smtp.listen();
      const off = configFor(smtp.port, false);
      const mail = createMailService({ config: off, db, logger, now }, FAST);
      await db.knex.transaction((trx) => mail.enqueue(trx, login('quiet@example.com')));
      mail.kick();
      await mail.stop();
      const parked = (await rows())[0]!;
      assert.equal(parked.recipient, 'quiet@example.com');
      assert.equal(parked.template, 'login');
      assert.equal(parked.attempts, 0);
      assert.equal(parked.sent_at, null);
      assert.equal(parked.last_error, NOT_FOR_DELIVERY);
      assert.equal(parked.next_attempt_at.toISOString(), PARKED_UNTIL.toISOString());

      const d = dispatcher(configFor(smtp.port));
      await enqueue(login('loud@example.com'));
      d.start();
      await waitFor(() => smtp.received.length >= 1, 'the mail written with delivery on');
      await d.idle();
      assert.deepEqual(
        smtp.received.map((m) => m.envelopeTo[0]),
        ['loud@example.com'],
      );
    });

    it('two dispatchers on one database never send a mail twice', async () => {
      await smtp.listen();
      const config = configFor(smtp.port);
      const n = 24;
      await enqueue(
        ...Array.from({ length: n }, (_, i) => login(`user${i}@example.com`, i % 2 ? 'de' : 'en')),
      );
      const a = dispatcher(config, { batchSize: 5 });
      const b = dispatcher(config, { batchSize: 5 });
      a.kick();
      b.kick();
      await Promise.all([a.idle(), b.idle()]);
      await waitFor(() => smtp.received.length >= n, `${n} mails`);
      a.kick();
      b.kick();
      await Promise.all([a.idle(), b.idle()]);
      const recipients = smtp.received.map((m) => m.envelopeTo[0]);
      assert.equal(recipients.length, n);
      assert.equal(new Set(recipients).size, n, 'no recipient got a mail twice');
      for (const r of await rows()) {
        assert.ok(r.sent_at instanceof Date, r.recipient);
        assert.equal(r.attempts, 1, `${r.recipient} was claimed once`);
      }
    });

    it('rejects template data that cannot be rendered, inside the transaction', async () => {
      await assert.rejects(
        enqueue({ to: 'x@example.com', template: 'login', locale: 'en', data: { service_name: 'Acme' } }),
        /otp_code/,
      );
      assert.equal((await rows()).length, 0);
    });
  });
}

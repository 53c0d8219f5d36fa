/**
 * SMTP delivery through nodemailer, configured from `email_delivery`:
 * - implicit TLS when `email_delivery.smtp.secure` is true, or when it is unset and the port is 465;
 *   otherwise plain SMTP that upgrades with STARTTLS when the server offers it (opportunistic);
 * - user/password authentication only when `smtp.user` is set;
 * - bounded connection, greeting and socket timeouts, so a dead server cannot hold a dispatcher forever.
 */
import nodemailer from 'nodemailer';
import { ConfigError } from '../config/errors.ts';
import type { EmailDeliveryConfig } from '../config/types.ts';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  /** Resolves once the SMTP server has accepted the message; rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

export function smtpPort(port: string | number): number {
  const n = typeof port === 'number' ? port : Number(port.trim());
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new ConfigError('email_delivery.smtp.port', `"${port}" is not a port number`);
  }
  return n;
}

export function smtpTransportOptions(
  cfg: EmailDeliveryConfig,
  timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS,
) {
  const port = smtpPort(cfg.smtp.port);
  const secure = cfg.smtp.secure ?? port === 465;
  return {
    host: cfg.smtp.host,
    port,
    secure,
    ...(secure ? {} : { opportunisticTLS: true }),
    ...(cfg.smtp.user ? { auth: { user: cfg.smtp.user, pass: cfg.smtp.password ?? '' } } : {}),
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // Reuse SMTP connections: opening one (greeting, EHLO, TLS) costs far more than sending a passcode mail.
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
  };
}

export function createSmtpTransport(cfg: EmailDeliveryConfig, timeouts?: SmtpTimeouts): MailTransport {
  const transporter = nodemailer.createTransport(smtpTransportOptions(cfg, timeouts));
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close() {
      transporter.close();
    },
  };
}

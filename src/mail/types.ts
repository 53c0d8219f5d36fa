/** Names and shapes shared by the mail templates, the outbox and the dispatcher. */

/** Flow passcode templates whose mail carries a code (`email.send` types of the same name). */
export const PASSCODE_TEMPLATES = ['login', 'recovery', 'email_verification'] as const;
/** Dead-end templates that keep the UI identical for known/unknown addresses; their mail has no code. */
export const ATTEMPT_TEMPLATES = ['email_login_attempted', 'email_registration_attempted'] as const;
/** Security notifications (`email.send` type `security_notification`, `data.template` = the name). */
export const NOTIFICATION_TEMPLATES = [
  'password_update',
  'primary_email_update',
  'email_create',
  'email_delete',
  'passkey_create',
  'mfa_create',
  'mfa_delete',
] as const;

export type PasscodeTemplate = (typeof PASSCODE_TEMPLATES)[number];
export type AttemptTemplate = (typeof ATTEMPT_TEMPLATES)[number];
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];
export type MailTemplate = PasscodeTemplate | AttemptTemplate | NotificationTemplate;

export const MAIL_TEMPLATES: readonly MailTemplate[] = [
  ...PASSCODE_TEMPLATES,
  ...ATTEMPT_TEMPLATES,
  ...NOTIFICATION_TEMPLATES,
];

export const isMailTemplate = (s: string): s is MailTemplate =>
  (MAIL_TEMPLATES as readonly string[]).includes(s);

/**
 * Template variables, named like the `data` object of the `email.send` webhook (events.md §1.4).
 * `service_name` is filled from `service.name` by the mail service when missing.
 */
export interface MailData {
  service_name?: string;
  /** Passcode templates: the clear code. */
  otp_code?: string;
  /** Passcode templates: validity in seconds. */
  ttl?: number;
  /** Passcode templates: end of validity, unix seconds. */
  valid_until?: number;
  new_email_address?: string;
  old_email_address?: string;
  deleted_email_address?: string;
}

export interface MailMessage {
  to: string;
  template: MailTemplate;
  /** The request's language (`X-Language`), e.g. `de`, `de-DE`, `en`; anything unknown means English. */
  locale: string;
  data: MailData;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type Language = 'en' | 'de';

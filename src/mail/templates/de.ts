/** German mail texts. */
import type { MailContent } from '../layout.ts';
import type { MailTemplate } from '../types.ts';
import type { TemplateVars } from './vars.ts';

const minutes = (n: number) => (n === 1 ? '1 Minute' : `${n} Minuten`);

const NOT_YOU_CODE =
  'Wenn Sie diesen Code nicht angefordert haben, können Sie diese E-Mail ignorieren. Geben Sie den Code niemals an andere weiter.';
const NOT_YOU_CHANGE =
  'Wenn Sie diese Änderung selbst vorgenommen haben, ist nichts zu tun. Andernfalls hat möglicherweise jemand anderes Zugriff auf Ihr Konto: Melden Sie sich an, prüfen Sie Ihr Konto und wenden Sie sich an den Support.';

function notification(subject: string, text: string): MailContent {
  return { subject, intro: [text], outro: [], footer: NOT_YOU_CHANGE };
}

export const de: Record<MailTemplate, (v: TemplateVars) => MailContent> = {
  login: (v) => ({
    subject: `${v.code} ist Ihr Anmeldecode für ${v.service}`,
    intro: [`Geben Sie diesen Code ein, um sich bei ${v.service} anzumelden:`],
    code: v.code,
    outro: [`Der Code ist ${minutes(v.minutes)} lang gültig.`],
    footer: NOT_YOU_CODE,
  }),
  recovery: (v) => ({
    subject: `${v.code} ist Ihr Code zum Zurücksetzen des Passworts für ${v.service}`,
    intro: [
      `Für Ihr Konto bei ${v.service} wurde das Zurücksetzen des Passworts angefordert. Geben Sie diesen Code ein, um fortzufahren:`,
    ],
    code: v.code,
    outro: [`Der Code ist ${minutes(v.minutes)} lang gültig.`],
    footer: `${NOT_YOU_CODE} Ihr Passwort bleibt unverändert.`,
  }),
  email_verification: (v) => ({
    subject: `${v.code} ist Ihr Bestätigungscode für ${v.service}`,
    intro: [
      `Geben Sie diesen Code bei ${v.service} ein, um zu bestätigen, dass diese E-Mail-Adresse Ihnen gehört:`,
    ],
    code: v.code,
    outro: [`Der Code ist ${minutes(v.minutes)} lang gültig.`],
    footer: NOT_YOU_CODE,
  }),
  email_login_attempted: (v) => ({
    subject: `Anmeldeversuch bei ${v.service}`,
    intro: [
      `Jemand hat versucht, sich mit dieser E-Mail-Adresse bei ${v.service} anzumelden, aber es gibt kein Konto mit dieser Adresse.`,
      'Wenn Sie das waren, haben Sie sich vielleicht mit einer anderen Adresse registriert, oder Sie legen ein neues Konto an.',
    ],
    outro: [],
    footer: 'Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.',
  }),
  email_registration_attempted: (v) => ({
    subject: `Registrierungsversuch bei ${v.service}`,
    intro: [
      `Jemand hat versucht, mit dieser E-Mail-Adresse ein Konto bei ${v.service} anzulegen, aber es gibt bereits ein Konto mit dieser Adresse.`,
      'Wenn Sie das waren, melden Sie sich bitte stattdessen mit Ihrem bestehenden Konto an.',
    ],
    outro: [],
    footer: 'Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.',
  }),
  password_update: (v) =>
    notification(
      `Ihr Passwort bei ${v.service} wurde geändert`,
      `Das Passwort Ihres Kontos bei ${v.service} wurde geändert.`,
    ),
  primary_email_update: (v) =>
    notification(
      `Die primäre E-Mail-Adresse Ihres Kontos bei ${v.service} wurde geändert`,
      v.oldAddress && v.newAddress
        ? `Die primäre E-Mail-Adresse Ihres Kontos bei ${v.service} wurde von ${v.oldAddress} auf ${v.newAddress} geändert.`
        : `Die primäre E-Mail-Adresse Ihres Kontos bei ${v.service} wurde${v.newAddress ? ` auf ${v.newAddress}` : ''} geändert.`,
    ),
  email_create: (v) =>
    notification(
      `Neue E-Mail-Adresse in Ihrem Konto bei ${v.service}`,
      v.newAddress
        ? `Die E-Mail-Adresse ${v.newAddress} wurde Ihrem Konto bei ${v.service} hinzugefügt.`
        : `Ihrem Konto bei ${v.service} wurde eine neue E-Mail-Adresse hinzugefügt.`,
    ),
  email_delete: (v) =>
    notification(
      `E-Mail-Adresse aus Ihrem Konto bei ${v.service} entfernt`,
      v.deletedAddress
        ? `Die E-Mail-Adresse ${v.deletedAddress} wurde aus Ihrem Konto bei ${v.service} entfernt.`
        : `Aus Ihrem Konto bei ${v.service} wurde eine E-Mail-Adresse entfernt.`,
    ),
  passkey_create: (v) =>
    notification(
      `Neuer Passkey in Ihrem Konto bei ${v.service}`,
      `Ihrem Konto bei ${v.service} wurde ein neuer Passkey hinzugefügt.`,
    ),
  mfa_create: (v) =>
    notification(
      `Neue Zwei-Faktor-Methode in Ihrem Konto bei ${v.service}`,
      `Für Ihr Konto bei ${v.service} wurde eine neue Methode zur Zwei-Faktor-Authentifizierung eingerichtet.`,
    ),
  mfa_delete: (v) =>
    notification(
      `Zwei-Faktor-Methode aus Ihrem Konto bei ${v.service} entfernt`,
      `Aus Ihrem Konto bei ${v.service} wurde eine Methode zur Zwei-Faktor-Authentifizierung entfernt.`,
    ),
};

/** English mail texts. */
import type { MailContent } from '../layout.ts';
import type { MailTemplate } from '../types.ts';
import type { TemplateVars } from './vars.ts';

const minutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`);

const NOT_YOU_CODE =
  'If you did not ask for this code, you can ignore this email. Never share the code with anyone.';
const NOT_YOU_CHANGE =
  'If you made this change, there is nothing to do. If you did not, someone else may have access to your account: sign in, review your account and contact support.';

function notification(subject: string, text: string): MailContent {
  return { subject, intro: [text], outro: [], footer: NOT_YOU_CHANGE };
}

export const en: Record<MailTemplate, (v: TemplateVars) => MailContent> = {
  login: (v) => ({
    subject: `${v.code} is your sign-in code for ${v.service}`,
    intro: [`Enter this code to sign in to ${v.service}:`],
    code: v.code,
    outro: [`The code is valid for ${minutes(v.minutes)}.`],
    footer: NOT_YOU_CODE,
  }),
  recovery: (v) => ({
    subject: `${v.code} is your password reset code for ${v.service}`,
    intro: [`A password reset was requested for your ${v.service} account. Enter this code to continue:`],
    code: v.code,
    outro: [`The code is valid for ${minutes(v.minutes)}.`],
    footer: `${NOT_YOU_CODE} Your password stays unchanged.`,
  }),
  email_verification: (v) => ({
    subject: `${v.code} is your verification code for ${v.service}`,
    intro: [`Enter this code in ${v.service} to confirm that this email address belongs to you:`],
    code: v.code,
    outro: [`The code is valid for ${minutes(v.minutes)}.`],
    footer: NOT_YOU_CODE,
  }),
  email_login_attempted: (v) => ({
    subject: `Sign-in attempt at ${v.service}`,
    intro: [
      `Someone tried to sign in to ${v.service} with this email address, but there is no account for it.`,
      'If that was you, maybe you signed up with another address, or you can create a new account.',
    ],
    outro: [],
    footer: 'If that was not you, you can ignore this email.',
  }),
  email_registration_attempted: (v) => ({
    subject: `Sign-up attempt at ${v.service}`,
    intro: [
      `Someone tried to create a ${v.service} account with this email address, but an account with this address already exists.`,
      'If that was you, please sign in to your existing account instead.',
    ],
    outro: [],
    footer: 'If that was not you, you can ignore this email.',
  }),
  password_update: (v) =>
    notification(
      `Your ${v.service} password was changed`,
      `The password of your ${v.service} account was changed.`,
    ),
  primary_email_update: (v) =>
    notification(
      `The primary email address of your ${v.service} account was changed`,
      v.oldAddress && v.newAddress
        ? `The primary email address of your ${v.service} account was changed from ${v.oldAddress} to ${v.newAddress}.`
        : `The primary email address of your ${v.service} account was changed${v.newAddress ? ` to ${v.newAddress}` : ''}.`,
    ),
  email_create: (v) =>
    notification(
      `An email address was added to your ${v.service} account`,
      v.newAddress
        ? `The email address ${v.newAddress} was added to your ${v.service} account.`
        : `A new email address was added to your ${v.service} account.`,
    ),
  email_delete: (v) =>
    notification(
      `An email address was removed from your ${v.service} account`,
      v.deletedAddress
        ? `The email address ${v.deletedAddress} was removed from your ${v.service} account.`
        : `An email address was removed from your ${v.service} account.`,
    ),
  passkey_create: (v) =>
    notification(
      `A passkey was added to your ${v.service} account`,
      `A new passkey was added to your ${v.service} account.`,
    ),
  mfa_create: (v) =>
    notification(
      `A two-factor method was added to your ${v.service} account`,
      `A new two-factor authentication method was set up for your ${v.service} account.`,
    ),
  mfa_delete: (v) =>
    notification(
      `A two-factor method was removed from your ${v.service} account`,
      `A two-factor authentication method was removed from your ${v.service} account.`,
    ),
};

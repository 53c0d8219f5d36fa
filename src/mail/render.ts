/**
 * Renders a mail: template name + language + data → subject, text and HTML. Data may come back from the
 * database, so it is checked here (unknown keys are ignored, wrong types are an error).
 */
import { renderContent } from './layout.ts';
import { de } from './templates/de.ts';
import { en } from './templates/en.ts';
import type { TemplateVars } from './templates/vars.ts';
import {
  isMailTemplate,
  type Language,
  type MailData,
  PASSCODE_TEMPLATES,
  type RenderedMail,
} from './types.ts';

const TEXTS = { en, de } as const;

/** `X-Language` value → language of the mail: `de`, `de-DE`, `de_AT`, `DE` → German; anything else English. */
export function pickLanguage(locale: string | undefined | null): Language {
  const primary = (locale ?? '')
    .trim()
    .toLowerCase()
    .split(/[-_,;\s]/, 1)[0];
  return primary === 'de' ? 'de' : 'en';
}

export class MailDataError extends Error {}

function optionalString(data: Record<string, unknown>, key: keyof MailData): string | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new MailDataError(`mail data: ${key} must be a string`);
  return v;
}

/** Header values must not contain line breaks; templates never produce them, variables might. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export function templateVars(template: string, raw: unknown): TemplateVars {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MailDataError('mail data: must be an object');
  }
  const data = raw as Record<string, unknown>;
  const service = optionalString(data, 'service_name');
  if (!service) throw new MailDataError('mail data: service_name is required');
  const vars: TemplateVars = { service: oneLine(service), code: '', minutes: 0 };
  if ((PASSCODE_TEMPLATES as readonly string[]).includes(template)) {
    const code = optionalString(data, 'otp_code');
    const ttl = data.ttl;
    if (!code) throw new MailDataError(`mail data: otp_code is required for template ${template}`);
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
      throw new MailDataError(`mail data: ttl (seconds) is required for template ${template}`);
    }
    vars.code = oneLine(code);
    vars.minutes = Math.max(1, Math.ceil(ttl / 60));
  }
  const newAddress = optionalString(data, 'new_email_address');
  const oldAddress = optionalString(data, 'old_email_address');
  const deletedAddress = optionalString(data, 'deleted_email_address');
  if (newAddress) vars.newAddress = oneLine(newAddress);
  if (oldAddress) vars.oldAddress = oneLine(oldAddress);
  if (deletedAddress) vars.deletedAddress = oneLine(deletedAddress);
  return vars;
}

export function renderMail(template: string, locale: string, data: unknown): RenderedMail {
  if (!isMailTemplate(template)) throw new MailDataError(`unknown mail template "${template}"`);
  const lang = pickLanguage(locale);
  return renderContent(TEXTS[lang][template](templateVars(template, data)), lang);
}

/**
 * Turns the language-neutral content of a template into the text and HTML parts. Templates produce plain
 * strings only; every string is HTML-escaped here, so no variable can inject markup into the HTML part.
 */
import type { Language, RenderedMail } from './types.ts';

export interface MailContent {
  subject: string;
  /** Paragraphs before the code (or the whole message when there is no code). */
  intro: string[];
  /** The passcode, shown prominently. */
  code?: string;
  /** Paragraphs after the code. */
  outro: string[];
  /** Small print at the end (why you got this mail, what to do if it was not you). */
  footer: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export function renderText(c: MailContent): string {
  const parts = [...c.intro];
  if (c.code !== undefined) parts.push(c.code);
  parts.push(...c.outro, '-- ', c.footer);
  return `${parts.join('\n\n')}\n`;
}

const P = 'margin:0 0 16px 0;font-size:16px;line-height:24px;color:#1f2328;';
const CODE =
  'margin:8px 0 24px 0;font-family:Menlo,Consolas,monospace;font-size:32px;font-weight:bold;letter-spacing:6px;';
const FOOTER = 'margin:24px 0 0 0;font-size:13px;line-height:20px;color:#656d76;';

export function renderHtml(c: MailContent, lang: Language): string {
  const paragraph = (s: string, style = P) => `<p style="${style}">${escapeHtml(s)}</p>`;
  const body = [
    ...c.intro.map((s) => paragraph(s)),
    ...(c.code !== undefined ? [paragraph(c.code, CODE)] : []),
    ...c.outro.map((s) => paragraph(s)),
    `<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 0 0;">`,
    paragraph(c.footer, FOOTER),
  ];
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#ffffff;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;">',
    '<div style="max-width:560px;margin:0 auto;">',
    ...body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderContent(c: MailContent, lang: Language): RenderedMail {
  return { subject: c.subject, text: renderText(c), html: renderHtml(c, lang) };
}

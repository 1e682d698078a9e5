/**
 * Renders an outbox entry into an e-mail in the recipient's language, from the `emails` namespace:
 * `<template>.subject` and `<template>.body`, plus a link into the app. By rule no template carries
 * complaint text or a protected identity: only what someone must do and a link to the case.
 */
import type { Language } from '../../shared/roles';
import { translatorFor } from '../i18n';
import type { MailMessage } from './mailer';

/**
 * What every template may use: the recipient's name, a path inside the app, the mechanism's name
 * (filled in from the outbox entry's mechanism when the enqueuer left it out), and the facts of the
 * notice (reference, status, `count` for numbers shown with a plural).
 */
export interface EmailData {
  recipientName?: string;
  /** Path inside the app the e-mail links to, e.g. `/casos/<id>`. */
  path?: string;
  mechanism?: string;
  [key: string]: unknown;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Builds the message for `to` from `template` in `language`; `mechanismName` names the mechanism it is sent for, if any. */
export function renderEmail(template: string, language: Language, to: string, data: EmailData, publicUrl: string, mechanismName?: string): MailMessage {
  const t = translatorFor(language);
  const link = data.path ? `${publicUrl}${data.path}` : undefined;
  const mechanism = data.mechanism ?? mechanismName;
  const params = { ...data, link, mechanism };
  const paragraphs = [
    data.recipientName ? t('emails:common.greeting', { name: data.recipientName }) : t('emails:common.greetingNoName'),
    t(`emails:${template}.body`, params),
    ...(link ? [t('emails:common.openLink', { link })] : []),
    // The footer names the mechanism the message is about; a message about none says Puente alone.
    mechanism ? t('emails:common.footer', { mechanism }) : t('emails:common.footerNoMechanism'),
  ];
  const html = paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(escapeHtml(link ?? '\u0000'), `<a href="${escapeHtml(link ?? '')}">${escapeHtml(link ?? '')}</a>`)}</p>`)
    .join('\n');
  return { to, subject: t(`emails:${template}.subject`, params), text: paragraphs.join('\n\n'), html };
}

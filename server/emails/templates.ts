/**
 * E-mails rendered from the outbox at sending time, in the recipient's language, from the `emails`
 * namespace. A template is a name plus the data stored with the outbox row.
 */
import type { MailMessage } from '../mail/mailer';
import { translatorFor } from '../i18n';
import type { Language } from '../../shared/roles';

/** Data of each template, as stored in `outbox.data`. */
export interface EmailTemplates {
  invitation: { displayName: string; role: string; mechanismName: string; companyName: string | null; link: string; days: number };
  passwordReset: { displayName: string; link: string; minutes: number };
}

/** A template this module can render. */
export type EmailTemplate = keyof EmailTemplates;

function isTemplate(name: string): name is EmailTemplate {
  return name === 'invitation' || name === 'passwordReset';
}

/** Whether `template` is rendered here (other branches add templates of their own). */
export function rendersTemplate(template: string): boolean {
  return isTemplate(template);
}

/** Subject and body of an e-mail; throws on a template this module does not know. */
export function renderEmail(template: string, language: Language, data: Record<string, unknown>): Omit<MailMessage, 'to'> {
  if (!isTemplate(template)) throw new Error(`Unknown e-mail template: ${template}`);
  const t = translatorFor(language);
  if (template === 'invitation') {
    const d = data as EmailTemplates['invitation'];
    const params = { ...d, role: t(`domain:role.${d.role}`), company: d.companyName ?? '' };
    const lines = [
      t('emails:invitation.greeting', params),
      '',
      t(d.companyName ? 'emails:invitation.bodyCompany' : 'emails:invitation.body', params),
      '',
      t('emails:invitation.action', params),
      d.link,
      '',
      t('emails:invitation.expiry', { count: d.days }),
      t('emails:invitation.ignore'),
    ];
    return { subject: t('emails:invitation.subject', params), text: lines.join('\n') };
  }
  const d = data as EmailTemplates['passwordReset'];
  const lines = [
    t('emails:passwordReset.greeting', d),
    '',
    t('emails:passwordReset.body'),
    d.link,
    '',
    t('emails:passwordReset.expiry', { count: d.minutes }),
    t('emails:passwordReset.ignore'),
  ];
  return { subject: t('emails:passwordReset.subject'), text: lines.join('\n') };
}

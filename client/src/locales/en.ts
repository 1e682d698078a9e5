/** Every English text the browser shows, as one download (e-mails, and the words the spoken clips say, are the server's). */
import { bundleOf } from './bundle';

export default bundleOf(
  import.meta.glob<Record<string, unknown>>(['../../../shared/i18n/en/*.json', '!../../../shared/i18n/en/emails.json', '!../../../shared/i18n/en/spokenHelp.json'], { eager: true, import: 'default' }),
);

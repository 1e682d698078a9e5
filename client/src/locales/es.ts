/** Every Spanish text the browser shows, as one download (e-mails, and the words the spoken clips say, are the server's). */
import { bundleOf } from './bundle';

export default bundleOf(
  import.meta.glob<Record<string, unknown>>(['../../../shared/i18n/es/*.json', '!../../../shared/i18n/es/emails.json', '!../../../shared/i18n/es/spokenHelp.json'], { eager: true, import: 'default' }),
);

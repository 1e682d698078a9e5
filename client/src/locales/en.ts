/** Every English text the browser shows (e-mails are the server's), as one download. */
import { bundleOf } from './bundle';

export default bundleOf(
  import.meta.glob<Record<string, unknown>>(['../../../shared/i18n/en/*.json', '!../../../shared/i18n/en/emails.json'], { eager: true, import: 'default' }),
);

/**
 * The English texts of the screens behind a log-in and of an opened case (accounts, desk, dialogue,
 * deadlines, administration, oversight): downloaded when one of those is shown, not for the first screen.
 * Every file not in ./en.ts but the server's e-mails and its page without JavaScript.
 */
import { bundleOf } from './bundle';

export default bundleOf(
  import.meta.glob<Record<string, unknown>>(
    [
      '../../../shared/i18n/en/*.json',
      '!../../../shared/i18n/en/{app,domain,errors,intake,intakeUi,offline,transparency}.json',
      '!../../../shared/i18n/en/emails.json',
      // The server's own page for phones without JavaScript (server/routes/plainForm): never in the app.
      '!../../../shared/i18n/en/plainForm.json',
    ],
    { eager: true, import: 'default' },
  ),
);

/**
 * The English texts the complaint form's first step needs and nothing more — the layout, the first
 * question, the voice note's and the listen buttons' words — for a page opened at `/presentar-queja`,
 * whose first screen must be in the app's hands with the fewest bytes (docs/reach.md). The rest of the
 * first part (./en.ts: errors, the other steps, the queue, home) downloads once the app is in charge or
 * at the first answer typed, before any of it is shown (src/i18n.ts). The JSON files are imported as
 * their own modules (`?form`, see ./formTexts.d.ts), so the bundler keeps only the keys named here
 * instead of sharing the whole files with ./en.ts.
 */
import * as app from '../../../shared/i18n/en/app.json?form';
import * as errors from '../../../shared/i18n/en/errors.json?form';
import * as intakeUi from '../../../shared/i18n/en/intakeUi.json?form';
import * as offline from '../../../shared/i18n/en/offline.json?form';
import * as transparency from '../../../shared/i18n/en/transparency.json?form';

export default {
  app: {
    brand: app.brand,
    common: app.common,
    footer: app.footer,
    header: app.header,
    language: app.language,
    // A visitor's: a logged-in person's header waits for the rest of the texts.
    nav: { skipToContent: app.nav__skipToContent, login: app.nav__login },
    network: app.network,
    shell: app.shell,
    textLimit: app.textLimit,
  },
  errors: { internal: errors.internal },
  offline: { badge: offline.badge },
  transparency: { footerLink: transparency.footerLink },
  intakeUi: {
    common: intakeUi.common,
    listen: intakeUi.listen,
    nav: intakeUi.nav,
    spokenAccount: intakeUi.spokenAccount,
    stepOf: intakeUi.stepOf,
    stepPageTitle: intakeUi.stepPageTitle,
    // The first step's alone: a form opened on a later step waits for the first part.
    steps: { what: intakeUi.steps__what },
    title: intakeUi.title,
    voice: intakeUi.voice,
    what: intakeUi.what,
  },
};

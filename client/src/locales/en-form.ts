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
import * as domain from '../../../shared/i18n/en/domain.json?form';
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
    nav: app.nav,
    network: app.network,
    notFound: app.notFound,
    session: app.session,
    shell: app.shell,
    textLimit: app.textLimit,
  },
  domain: { role: domain.role },
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
    steps: intakeUi.steps,
    title: intakeUi.title,
    voice: intakeUi.voice,
    what: intakeUi.what,
  },
};

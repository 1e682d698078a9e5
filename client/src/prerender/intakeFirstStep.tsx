/**
 * Build-time only (client/vite.config.ts, `prerenderIntake`): the complaint form's first screen as a
 * first-time visitor sees it — the layout, "Paso 1 de 9" and the first question — drawn by the app's own
 * components in Spanish into static HTML, so that on 2G/3G the person can read it and start typing while
 * the code is still downloading (docs/reach.md). The app then takes over (./takeover.ts) and keeps what
 * was typed. Buttons stay disabled in the copy: they only work once the app is there.
 */
import { renderToString } from 'react-dom/server';
import { useTranslation } from 'react-i18next';
import { Router } from 'wouter';
import { Layout } from '../components/Layout';
import { MechanismProvider } from '../hooks/useMechanism';
import { SessionProvider } from '../hooks/useSession';
import { i18nReady, switchLanguage, UI_NAMESPACES } from '../i18n';
import type { Language } from '../../../shared/roles';
import { newDraft, STEPS } from '../scenes/NewComplaint/draft';
import { WhatStep } from '../scenes/NewComplaint/steps/WhatStep';
import { PLAIN_FORM_PATH } from '../../../shared/types/intake';

/** The wizard's first screen with nothing typed yet, as NewComplaint's Wizard draws it (without the handlers). */
function FirstStep() {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const draft = newDraft();
  const step = STEPS[0]!;
  const noop = () => undefined;
  return (
    <div className="stack">
      <div className="stack wizard">
        <div>
          <h1>{t('intakeUi:title')}</h1>
          <p className="wizard-progress" aria-hidden="true">
            <progress max={STEPS.length} value={1} />
          </p>
          <p className="step-count">{t('intakeUi:stepOf', { step: 1, total: STEPS.length })}</p>
        </div>
        <form className="form" noValidate aria-labelledby="step-title">
          <h2 id="step-title" tabIndex={-1}>
            <span className="visually-hidden">{t('intakeUi:stepOf', { step: 1, total: STEPS.length })}: </span>
            {t(`intakeUi:steps.${step}.title`)}
          </h2>
          <div className="step-intro">
            <p className="lead-small">{t(`intakeUi:steps.${step}.intro`)}</p>
          </div>
          <WhatStep
            draft={draft}
            update={noop}
            errors={{}}
            filer={{ isFacilitator: false, fieldMode: false, hasThumbprintPhoto: false, hasVoiceNote: false }}
            clips={{}}
            voiceNote={null}
            onVoiceNote={noop}
          />
          <div className="wizard-nav">
            <button type="submit" className="button button-primary">
              {t('intakeUi:nav.next')}
            </button>
          </div>
        </form>
        <p className="hint">{t('intakeUi:nav.savedOnDevice')}</p>
        {/* Only in the drawn copy, shown by the CSS after a long wait: the app removes the copy when it takes over. */}
        <div className="drawn-no-code callout" role="note">
          <p>{t('intakeUi:withoutCode.intro')}</p>
          <p>
            {/* The server's own form, whole on one page, files without any of the app's code (server/routes/plainForm). */}
            <a href={i18n.language === 'en' ? `${PLAIN_FORM_PATH}?idioma=en` : PLAIN_FORM_PATH}>{t('intakeUi:withoutCode.plainForm')}</a>
          </p>
          <p>{t('intakeUi:withoutCode.elsewhere')}</p>
        </div>
      </div>
    </div>
  );
}

/** Where the server adds the mechanism's own languages (Yukpa, …) to the drawn language switch (server/http/clientFiles.ts). */
export const MORE_LANGUAGES_MARK = '<!--puente:more-languages-->';

/**
 * The drawn switch's languages as plain links (`?idioma=<code>`): they work before the code arrives, or
 * without it — the server answers the page drawn in that language, and the app starts in it.
 */
function languagesAsLinks(html: string): string {
  const switched = html.replace(
    /<button type="button" lang="([a-z]{2,3})" aria-pressed="(true|false)" class="language-button">([^<]*)<\/button>/g,
    (_all, code: string, pressed: string, name: string) =>
      `<a class="language-button" lang="${code}" hreflang="${code}" href="/presentar-queja?idioma=${code}"${pressed === 'true' ? ' aria-current="true"' : ''}>${name}</a>`,
  );
  const group = /(<div class="language-switch" role="group"[^>]*>[\s\S]*?)(<\/div>)/.exec(switched);
  if (!group) throw new Error('renderIntakeFirstStep: no language switch in the drawn copy');
  return switched.replace(group[0], `${group[1]}${MORE_LANGUAGES_MARK}${group[2]}`);
}

/** The HTML inside the page's root for `/presentar-queja` in `language`, every button disabled until the app takes over. */
export async function renderIntakeFirstStep(language: Language = 'es'): Promise<string> {
  await i18nReady;
  await switchLanguage(language);
  const html = renderToString(
    <Router ssrPath="/presentar-queja">
      <SessionProvider>
        <MechanismProvider>
          <Layout>
            <FirstStep />
          </Layout>
        </MechanismProvider>
      </SessionProvider>
    </Router>,
  );
  return (
    languagesAsLinks(html)
      .replace(/<button(?=[\s>])/g, '<button disabled=""')
      // The date field's latest day is today where it is opened (the app sets it), not the build's day.
      .replace(/(<input[^>]*type="date"[^>]*?) max="[^"]*"/, '$1')
  );
}

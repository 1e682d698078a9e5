/**
 * The public front page: what the mechanism is, how a complaint travels, who sees what, the rights it
 * never takes away, how to file today, and the mechanism's companies and topics from the API.
 */
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { IdentityMode } from '../../../../shared/types/api';
import { homePathFor } from '../../components/RequireRole';
import { useSession } from '../../hooks/useSession';
import { usePageTitle } from '../../hooks/usePageTitle';
import { MechanismFacts } from './MechanismFacts';
import { UI_NAMESPACES } from '../../i18n';
import { lazyPart } from '../../shell/lazyPart';
import '../../styles/public.css';
import '../../styles/screens.css';

// The complaints waiting on this phone are read from IndexedDB after the page is drawn anyway; their
// list and the queue's code download as the page is drawn, not before it.
const QueueList = lazyPart(() => import('../../offline/QueueList').then((m) => m.QueueList));

const STEPS = ['tell', 'receipt', 'dialogue', 'agreement'] as const;
const IDENTITY_MODES: readonly IdentityMode[] = ['named', 'confidential', 'anonymous'];
const REMEDIES = ['tutela', 'petition', 'report'] as const;

/** `/` */
export function Home() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { t: tq } = useTranslation('offline');
  const { user } = useSession();
  usePageTitle(undefined);
  // Liaisons, the ombudsman and admins answer complaints; everyone else may file one.
  const canFile = !user || user.role === 'complainant' || user.role === 'facilitator';

  return (
    <div className="stack">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
        <div className="button-row">
          {canFile && (
            <Link className="button button-primary" to="/presentar-queja">
              {t('intakeUi:home.file')}
            </Link>
          )}
          {user?.role === 'ombudsman' && (
            <Link className="button button-secondary" to="/presentar-queja">
              {tq('field.homeLink')}
            </Link>
          )}
          {user ? (
            <Link className={`button ${canFile ? 'button-secondary' : 'button-primary'}`} to={homePathFor(user.role)}>
              {user.role === 'admin' ? t('home.goToAdmin') : t('home.goToCases')}
            </Link>
          ) : (
            <Link className="button button-secondary" to="/seguimiento">
              {t('intakeUi:home.track')}
            </Link>
          )}
        </div>
      </section>

      <Suspense fallback={null}>
        <QueueList />
      </Suspense>

      <section aria-labelledby="home-what">
        <h2 id="home-what">{t('home.what.title')}</h2>
        <p>{t('home.what.body')}</p>
        <p>{t('home.what.ombudsman')}</p>
      </section>

      <section aria-labelledby="home-how">
        <h2 id="home-how">{t('home.how.title')}</h2>
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step}>
              <strong>{t(`home.how.steps.${step}.title`)}</strong> <span>{t(`home.how.steps.${step}.body`)}</span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="home-who">
        <h2 id="home-who">{t('home.who.title')}</h2>
        <p>{t('home.who.intro')}</p>
        <dl className="identity-modes">
          {IDENTITY_MODES.map((mode) => (
            <div key={mode}>
              <dt>{t(`domain:identityMode.${mode}`)}</dt>
              <dd>{t(`home.who.modes.${mode}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="callout">
          <strong>{t('home.who.companyNeverSees')}</strong>
        </p>
      </section>

      <section aria-labelledby="home-rights">
        <h2 id="home-rights">{t('home.rights.title')}</h2>
        <ul className="checklist">
          <li>{t('home.rights.free')}</li>
          <li>{t('home.rights.voluntary')}</li>
        </ul>
        <p className="callout callout-important">
          <strong>{t('home.rights.notCourts')}</strong>
        </p>
        <p>{t('home.rights.remediesIntro')}</p>
        <ul>
          {REMEDIES.map((remedy) => (
            <li key={remedy}>{t(`home.rights.remedies.${remedy}`)}</li>
          ))}
        </ul>
        <p>{t('home.rights.neverGiveUp')}</p>
      </section>

      <section aria-labelledby="home-file">
        <h2 id="home-file">{t('home.file.title')}</h2>
        {canFile && (
          <p>
            <Link className="button button-primary" to="/presentar-queja">
              {t('intakeUi:home.file')}
            </Link>
          </p>
        )}
        <p>{t('intakeUi:home.fileIntro')}</p>
        <p>
          <Link to="/seguimiento">{t('intakeUi:home.trackLink')}</Link>
        </p>
        <p>
          <Link to="/sumarse">{t('intakeUi:joinLinks.home')}</Link>
        </p>
        <p>{t('intakeUi:home.withHelp')}</p>
        <ul>
          <li>{t('home.file.facilitator')}</li>
          <li>{t('home.file.ombudsman')}</li>
        </ul>
        <p>{t('home.file.help')}</p>
      </section>

      <MechanismFacts />

      {!user && (
        <section aria-labelledby="home-account">
          <h2 id="home-account">{t('home.account.title')}</h2>
          <p>{t('home.account.body')}</p>
          <Link className="button button-secondary" to="/ingresar">
            {t('nav.login')}
          </Link>
        </section>
      )}
    </div>
  );
}

/**
 * The frame of every screen: skip link, header (product, mechanism, language, who is logged in),
 * the screen itself in `<main id="main">`, and a footer recalling that the courts stay open.
 */
import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useMechanism } from '../hooks/useMechanism';
import { useSession } from '../hooks/useSession';
import { useSocketEvent } from '../realtime/socket';
import { LanguageSwitch } from './LanguageSwitch';
import { SceneBoundary } from './SceneBoundary';
import { homePathFor } from './RequireRole';
import { UI_NAMESPACES, useTexts } from '../i18n';
import { Loading } from './Loading';
import { screenChanged } from '../shell/formsInProgress';
import { lazyPart } from '../shell/lazyPart';
import { afterInCharge } from '../shell/inCharge';

// Not needed to draw the first screen, so not in its download: the logged-in row (navigation, the bell,
// logging out) is for people with a session only, asked for as soon as there is one; the queue's badge
// (which also starts the send queue, with IndexedDB) downloads as soon as the app is in charge of the
// first screen, so complaints waiting on the phone still go as the page opens.
const loadAccountHeader = () => import('./AccountHeader').then((m) => m.AccountHeader);
const AccountHeader = lazyPart(loadAccountHeader);
const QueueBadge = lazyPart(afterInCharge(() => import('../offline/QueueBadge').then((m) => m.QueueBadge)));
// A new version can only be waiting once the worker is registered, which is after the app is in charge too.
const UpdateNotice = lazyPart(afterInCharge(() => import('../shell/UpdateNotice').then((m) => m.UpdateNotice)));

/**
 * Screens drawn with the first part of the texts alone (src/i18n.ts): the public ones a visitor opens.
 * Every other screen, and everything for a logged-in person, waits for the rest of the texts.
 */
const FIRST_TEXTS_SCREENS = /^\/(presentar-queja|seguimiento)?\/?$/;
/** The complaint form draws its first step with the `form` part of the texts alone; it waits for the rest itself. */
const FORM_TEXTS_SCREEN = /^\/presentar-queja\/?$/;

/** The app shell around the screen (`children`). */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'account']);
  const { t: tx } = useTranslation(['oversight', 'transparency']);
  const { user, end } = useSession();
  const mechanism = useMechanism();
  const [pathname, navigate] = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);
  const firstTexts = useTexts('first', Boolean(user) || !FORM_TEXTS_SCREEN.test(pathname));
  const moreTexts = useTexts('more', Boolean(user) || !FIRST_TEXTS_SCREENS.test(pathname));

  // After moving to another screen, start reading from its content, not from the top of the page.
  useEffect(() => {
    if (previousPath.current === pathname) return;
    previousPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  // Moving on ends the typing on the previous screen (a new version may then be offered): here, not in the
  // update notice, which downloads later than the person may start typing.
  useEffect(() => screenChanged(), [pathname]);

  // Its code downloads beside the rest of the texts, which it waits for.
  const loggedIn = Boolean(user);
  useEffect(() => {
    if (loggedIn) void loadAccountHeader().catch(() => undefined);
  }, [loggedIn]);

  useSocketEvent('session.ended', ({ reason }) => {
    end(reason);
    navigate('/ingresar', { replace: true });
  });

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to={user ? homePathFor(user.role) : '/'} className="brand">
            <span className="brand-name">{t('brand.name')}</span>
            {/* Always there, so its lines are reserved (styles.css) before the name arrives. */}
            <span className="brand-mechanism">{mechanism.data?.name}</span>
          </Link>
          <Suspense fallback={null}>
            <QueueBadge />
          </Suspense>
          <LanguageSwitch />
        </div>
        {user && moreTexts && (
          <Suspense fallback={null}>
            <AccountHeader user={user} />
          </Suspense>
        )}
        {!user && pathname !== '/ingresar' && (
          <div className="header-row">
            <Link to="/ingresar" className="header-login">
              {t('nav.login')}
            </Link>
          </div>
        )}
        <Suspense fallback={null}>
          <UpdateNotice />
        </Suspense>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <SceneBoundary key={pathname}>{moreTexts && firstTexts ? children : <Loading />}</SceneBoundary>
      </main>
      <footer className="site-footer">
        <p>{t('footer.notCourts')}</p>
        <p>{t('footer.free')}</p>
        <p>
          <Link to="/transparencia">{tx('transparency:footerLink')}</Link>
        </p>
      </footer>
    </>
  );
}

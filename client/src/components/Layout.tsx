/**
 * The frame of every screen: skip link, header (product, mechanism, language, who is logged in),
 * the screen itself in `<main id="main">`, and a footer recalling that the courts stay open.
 */
import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { toApiError } from '../api/client';
import { useMechanism } from '../hooks/useMechanism';
import { useSession } from '../hooks/useSession';
import { useSocketEvent } from '../realtime/socket';
import { ErrorMessage } from './ErrorMessage';
import { LanguageSwitch } from './LanguageSwitch';
import { SceneBoundary } from './SceneBoundary';
import { homePathFor } from './RequireRole';
import { UI_NAMESPACES, useTexts } from '../i18n';
import { Loading } from './Loading';
import { UpdateNotice } from '../shell/UpdateNotice';
import { lazyPart } from '../shell/lazyPart';
import { afterInCharge } from '../shell/inCharge';

// Not needed to draw the first screen, so not in its download: the bell is for logged-in people only;
// the queue's badge (which also starts the send queue, with IndexedDB) downloads as soon as the app is
// in charge of the first screen, so complaints waiting on the phone still go as the page opens.
const NotificationBell = lazyPart(() => import('./NotificationBell').then((m) => m.NotificationBell));
const QueueBadge = lazyPart(afterInCharge(() => import('../offline/QueueBadge').then((m) => m.QueueBadge)));

/**
 * Screens drawn with the first part of the texts alone (src/i18n.ts): the public ones a visitor opens.
 * Every other screen, and everything for a logged-in person, waits for the rest of the texts.
 */
const FIRST_TEXTS_SCREENS = /^\/(presentar-queja|seguimiento)?\/?$/;
/** The complaint form draws its first step with the `form` part of the texts alone; it waits for the rest itself. */
const FORM_TEXTS_SCREEN = /^\/presentar-queja\/?$/;

/** The app shell; screens render in its `<Outlet />`. */
export function Layout() {
  const { t } = useTranslation([...UI_NAMESPACES, 'account']);
  const { t: tx } = useTranslation(['oversight', 'transparency']);
  const { user, logout, end } = useSession();
  const mechanism = useMechanism();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);
  const [loggingOut, setLoggingOut] = useState(false);
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const firstTexts = useTexts('first', Boolean(user) || !FORM_TEXTS_SCREEN.test(pathname));
  const moreTexts = useTexts('more', Boolean(user) || !FIRST_TEXTS_SCREENS.test(pathname));

  // After moving to another screen, start reading from its content, not from the top of the page.
  useEffect(() => {
    if (previousPath.current === pathname) return;
    previousPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);

  useSocketEvent('session.ended', ({ reason }) => {
    end(reason);
    void navigate('/ingresar', { replace: true });
  });

  async function handleLogout() {
    setLoggingOut(true);
    setLogoutError(null);
    try {
      await logout();
      void navigate('/ingresar');
    } catch (error) {
      setLogoutError(toApiError(error).message);
    } finally {
      setLoggingOut(false);
    }
  }

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
          <div className="header-row header-user">
            <nav aria-label={t('nav.label')}>
              <ul className="nav-list">
                <li>
                  <NavLink to="/" end>
                    {t('nav.home')}
                  </NavLink>
                </li>
                <li>
                  <NavLink to={homePathFor(user.role)}>{user.role === 'admin' ? t('nav.admin') : t('nav.cases')}</NavLink>
                </li>
                <li>
                  <NavLink to="/perfil">{t('account:links.profile')}</NavLink>
                </li>
                {user.role === 'ombudsman' && (
                  <li>
                    <NavLink to="/supervision">{tx('oversight:nav')}</NavLink>
                  </li>
                )}
              </ul>
            </nav>
            <p className="user-badge">
              <span className="visually-hidden">{t('header.signedInAs')} </span>
              <span className="user-name">{user.displayName}</span>{' '}
              <span className="user-role">
                {t(`domain:role.${user.role}`)}
                {user.company ? ` · ${user.company.name}` : ''}
              </span>
            </p>
            <Suspense fallback={null}>
              <NotificationBell key={user.id} user={user} />
            </Suspense>
            <button type="button" className="button button-secondary button-small" onClick={() => void handleLogout()} disabled={loggingOut}>
              {loggingOut ? t('nav.loggingOut') : t('nav.logout')}
            </button>
          </div>
        )}
        {!user && pathname !== '/ingresar' && (
          <div className="header-row">
            <Link to="/ingresar" className="header-login">
              {t('nav.login')}
            </Link>
          </div>
        )}
        {logoutError && <ErrorMessage message={logoutError} />}
        <UpdateNotice />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <SceneBoundary key={pathname}>{moreTexts && firstTexts ? <Outlet /> : <Loading />}</SceneBoundary>
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

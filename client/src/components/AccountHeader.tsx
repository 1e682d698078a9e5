/**
 * The header's row for a logged-in person: the navigation, who they are, the bell and "Cerrar sesión".
 * Its own download, asked for once there is a session: a visitor's first screen (the complaint form on
 * 2G) does not carry it (docs/reach.md, the JS budget).
 */
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { SessionUser } from '../../../shared/types/api';
import { toApiError } from '../api/client';
import { useSession } from '../hooks/useSession';
import { UI_NAMESPACES } from '../i18n';
import { lazyPart } from '../shell/lazyPart';
import { ErrorMessage } from './ErrorMessage';
import { NavLink } from './NavLink';
import { homePathFor } from './RequireRole';
import '../styles/public.css';

const NotificationBell = lazyPart(() => import('./NotificationBell').then((m) => m.NotificationBell));

/** The logged-in row of the header, for `user`, and what went wrong logging out. */
export function AccountHeader({ user }: { user: SessionUser }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'account']);
  const { t: tx } = useTranslation(['oversight']);
  const { logout } = useSession();
  const [, navigate] = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);
  const [logoutError, setLogoutError] = useState<string | null>(null);

  async function handleLogout() {
    setLoggingOut(true);
    setLogoutError(null);
    try {
      await logout();
      navigate('/ingresar');
    } catch (error) {
      setLogoutError(toApiError(error).message);
    } finally {
      setLoggingOut(false);
    }
  }

  return (
    <>
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
      {logoutError && <ErrorMessage message={logoutError} />}
    </>
  );
}

/** Guards a screen: sends visitors to the login page and people of other roles to their own first screen. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useLocation, useSearch } from 'wouter';
import type { Role } from '../../../shared/roles';
import { useSession } from '../hooks/useSession';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';
import { UI_NAMESPACES } from '../i18n';

/** Where each role starts after logging in. */
export function homePathFor(role: Role): string {
  return role === 'admin' ? '/admin' : '/casos';
}

/** Renders `children` only for a logged-in user whose role is in `roles`. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const { status, user, refresh } = useSession();
  const [pathname] = useLocation();
  const search = useSearch();
  if (status === 'loading') return <Loading />;
  if (status === 'error') return <ErrorMessage message={t('session.loadFailed')} onRetry={() => void refresh().catch(() => undefined)} />;
  if (!user) return <Redirect to="/ingresar" replace state={{ from: pathname + (search ? `?${search}` : '') }} />;
  if (!roles.includes(user.role)) return <Redirect to={homePathFor(user.role)} replace />;
  return children;
}

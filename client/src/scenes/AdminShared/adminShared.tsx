/**
 * What every admin screen shares: which mechanism it configures (`?m=<id>`, else the admin's own),
 * and the navigation between sections with a mechanism picker. (Forms run their changes with
 * `hooks/useSubmit` and show them with `components/SubmitForm`, as the account screens do.)
 */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { NavLink } from '../../components/NavLink';
import { useSession } from '../../hooks/useSession';
import { useAdminMechanisms } from './AdminMechanismList';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** Namespaces admin screens read: `admin` first, then the app's. */
export const ADMIN_NAMESPACES = ['admin', 'adminOutbox', 'learning', 'app', 'domain', 'errors', 'languages'] as const;

/** The id of the mechanism being configured and the API prefix for it. */
export function useAdminMechanism(): { mechanismId: string; base: string; search: string } {
  const { user } = useSession();
  const [params] = useSearchParams();
  const mechanismId = params.get('m') ?? user?.mechanismId ?? '';
  return { mechanismId, base: `/api/admin/mechanisms/${mechanismId}`, search: params.get('m') ? `?m=${mechanismId}` : '' };
}

const SECTIONS = [
  ['/admin', 'overview'],
  ['/admin/personas', 'people'],
  ['/admin/empresas', 'companies'],
  ['/admin/categorias', 'categories'],
  ['/admin/causas', 'causes'],
  ['/admin/lugares', 'places'],
  ['/admin/politica-de-datos', 'dataPolicy'],
  ['/admin/plazos', 'deadlines'],
  ['/admin/mecanismos', 'mechanisms'],
  ['/admin/correos', 'outbox'],
  ['/admin/mensajes', 'messages'],
  ['/admin/idiomas', 'languages'],
] as const;

/** Links to every admin section, keeping the chosen mechanism, and the mechanism picker. */
export function AdminNav() {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  const { mechanismId, search } = useAdminMechanism();
  const [, setParams] = useSearchParams();
  const mechanisms = useAdminMechanisms().list;
  return (
    <div className="stack">
      <nav className="admin-nav" aria-label={t('nav.label')}>
        <ul>
          {SECTIONS.map(([path, key]) => (
            <li key={key}>
              <NavLink to={`${path}${search}`} end>
                {key === 'outbox'
                  ? t('adminOutbox:nav')
                  : key === 'messages'
                    ? t('adminOutbox:messages.nav')
                    : key === 'languages'
                      ? t('languages:admin.nav')
                      : key === 'causes'
                        ? t('learning:admin.nav')
                        : t(`nav.${key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {mechanisms.length > 1 && (
        <div className="field">
          <label htmlFor="admin-mechanism-picker">{t('nav.mechanism')}</label>
          <select id="admin-mechanism-picker" value={mechanismId} onChange={(event) => setParams({ m: event.target.value })}>
            {mechanisms.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

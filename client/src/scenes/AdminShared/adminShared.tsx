/**
 * What every admin screen shares: which mechanism it configures (`?m=<id>`, else the admin's own),
 * the navigation between sections with a mechanism picker, and a helper that runs a change and turns
 * its failure into form messages.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useSearchParams } from 'react-router';
import type { AdminMechanismDto } from '../../../../shared/types/admin';
import { toApiError } from '../../api/client';
import type { FieldErrors } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useSession } from '../../hooks/useSession';

/** Namespaces admin screens read: `admin` first, then the app's. */
export const ADMIN_NAMESPACES = ['admin', 'adminOutbox', 'app', 'domain', 'errors', 'languages'] as const;

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
  const mechanisms = useApiQuery<AdminMechanismDto[]>('/api/admin/mechanisms');
  return (
    <div className="stack">
      <nav className="admin-nav" aria-label={t('nav.label')}>
        <ul>
          {SECTIONS.map(([path, key]) => (
            <li key={key}>
              <NavLink to={`${path}${search}`} end>
                {key === 'outbox' ? t('adminOutbox:nav') : key === 'messages' ? t('adminOutbox:messages.nav') : key === 'languages' ? t('languages:admin.nav') : t(`nav.${key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {mechanisms.data && mechanisms.data.length > 1 && (
        <div className="field">
          <label htmlFor="admin-mechanism-picker">{t('nav.mechanism')}</label>
          <select id="admin-mechanism-picker" value={mechanismId} onChange={(event) => setParams({ m: event.target.value })}>
            {mechanisms.data.map((m) => (
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

/** Runs changes for a form: busy flag, field messages from the server, a general message, a success note. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(work: () => Promise<string | null>): Promise<boolean> {
    setBusy(true);
    setFormError(null);
    setDone(null);
    try {
      const note = await work();
      setFieldErrors({});
      setDone(note);
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      const byField = apiError.fieldMessages();
      setFieldErrors(byField);
      setFormError(apiError.message);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, fieldErrors, setFieldErrors, formError, done, run };
}

/** What `useSubmit` gives a form. */
export type Submit = ReturnType<typeof useSubmit>;

/** The success note of a form, announced politely. */
export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-info" role="status">
      <p>{message}</p>
    </div>
  );
}

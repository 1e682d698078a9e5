/**
 * `/casos`: the first screen of complainants, facilitators, liaisons and the ombudsman — the cases they
 * may see, filtered by status and text, refreshed live when one changes.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { CASE_STATUSES, type CaseStatus } from '../../../../shared/caseLifecycle';
import type { CaseListDto, SessionUser } from '../../../../shared/types/api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAnnouncer } from '../../hooks/useAnnouncer';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { useSocketEvent, useSocketReconnect } from '../../realtime/socket';
import { CaseCard } from './CaseCard';
import { UI_NAMESPACES } from '../../i18n';
import '../../styles/screens.css';

/** Typing pauses this long before the search goes to the server. */
const SEARCH_DELAY_MS = 400;

type QueueRole = 'complainant' | 'facilitator' | 'liaison' | 'ombudsman';

function toStatus(value: string | null): CaseStatus | '' {
  return value && (CASE_STATUSES as readonly string[]).includes(value) ? (value as CaseStatus) : '';
}

/** `/casos`; rendered only for the four queue roles (see App). */
export function CaseList() {
  const { user } = useSession();
  // RequireRole guarantees a user with a queue role here.
  return user && user.role !== 'admin' ? <CaseQueue user={user} role={user.role} /> : null;
}

function CaseQueue({ user, role }: { user: SessionUser; role: QueueRole }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [params, setParams] = useSearchParams();
  // The filters live in this screen's state; the address only mirrors them (reload keeps them).
  const [status, setStatus] = useState<CaseStatus | ''>(() => toStatus(params.get('status')));
  const [text, setText] = useState(() => params.get('q') ?? '');
  const typed = useDebouncedValue(text.trim(), SEARCH_DELAY_MS);
  // Clearing the box applies at once; only typing waits for a pause.
  const q = text.trim() === '' ? '' : typed;
  const company = user.company?.name ?? '';
  const title = t(`cases.title.${role}`, { company });
  usePageTitle(title);

  const writtenSearch = useRef(params.toString());
  useEffect(() => {
    const next = new URLSearchParams();
    if (status) next.set('status', status);
    if (q) next.set('q', q);
    if (next.toString() === writtenSearch.current) return;
    writtenSearch.current = next.toString();
    setParams(next, { replace: true });
  }, [status, q, setParams]);

  const path = useMemo(() => {
    const search = new URLSearchParams();
    if (status) search.set('status', status);
    if (q) search.set('q', q);
    const query = search.toString();
    return `/api/cases${query ? `?${query}` : ''}`;
  }, [status, q]);

  const { data, source, error, loading, reload } = useApiQuery<CaseListDto>(path);
  const [announcement, announce] = useAnnouncer();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'America/Bogota' }), [i18n.language]);

  useSocketEvent('cases.changed', () => {
    void reload().then((fresh) => {
      if (fresh) announce(t('cases.updated'));
    });
  });
  // Changes pushed while the connection was down were missed; fetch the list again.
  useSocketReconnect(() => void reload());

  // Tell screen-reader users how many cases a new filter found.
  const announcedPath = useRef(path);
  useEffect(() => {
    if (data && source === path && !loading && announcedPath.current !== path) {
      announcedPath.current = path;
      announce(t('cases.count', { count: data.total }));
    }
  }, [data, source, path, loading, announce, t]);

  const filtered = status !== '' || q !== '';
  const stale = data !== undefined && source !== path;

  function clearFilters() {
    setText('');
    setStatus('');
  }

  return (
    <div className="stack">
      <h1>{title}</h1>
      {(role === 'complainant' || role === 'facilitator') && (
        <p>
          <Link className="button button-primary" to="/presentar-queja">
            {role === 'facilitator' ? t('intakeUi:home.fileForSomeone') : t('intakeUi:home.file')}
          </Link>
        </p>
      )}

      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('cases.filter.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(event) => setStatus(toStatus(event.target.value))}>
            <option value="">{t('cases.filter.allStatuses')}</option>
            {CASE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`domain:status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('cases.filter.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            enterKeyHint="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={`${id}-q-hint`}
            autoComplete="off"
          />
          <p className="hint" id={`${id}-q-hint`}>
            {t('cases.filter.searchHint')}
          </p>
        </div>
      </form>

      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      {error && <ErrorMessage message={data ? `${error.message} ${t('cases.stale')}` : error.message} onRetry={() => void reload()} busy={loading} />}

      {!data && loading && <Loading label={t('cases.loading')} />}

      {data && (
        <div aria-busy={loading}>
          <p className="list-count">
            {data.cases.length < data.total ? t('cases.showing', { shown: data.cases.length, count: data.total }) : t('cases.count', { count: data.total })}
            {(loading || stale) && <span className="updating"> · {t('common.updating')}</span>}
          </p>

          {data.cases.length > 0 ? (
            <ul className="case-list">
              {data.cases.map((item) => (
                <CaseCard key={item.id} item={item} role={role} dateFormat={dateFormat} />
              ))}
            </ul>
          ) : filtered ? (
            <div className="empty">
              <p>{t('cases.empty.filtered')}</p>
              <button type="button" className="button button-secondary" onClick={clearFilters}>
                {t('cases.filter.clear')}
              </button>
            </div>
          ) : (
            <div className="empty">
              <p>{t(`cases.empty.${role}`, { company })}</p>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A case's learning panel (issue #17 items 1–2): its root causes (tagged by the ombudsman, or proposed
 * by the company where the mechanism allows it), the issue it is linked in, how many people a
 * collective complaint speaks for, and — for the ombudsman — the open complaints that look related,
 * each linkable under this one. What the reader may do comes from the server (`may`); nothing here
 * names who complained.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { CaseLearningDto, RelatedCasesDto } from '../../../../shared/types/learning';
import { apiSend, toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useSocketEvent } from '../../realtime/socket';
import '../../styles/screens.css';

const NAMESPACES = ['learning', 'effectiveness', 'app', 'domain', 'errors'] as const;

/** The learning section of case `caseId`. */
export function CaseLearning({ caseId }: { caseId: string }) {
  const { t } = useTranslation(NAMESPACES);
  const base = `/api/cases/${encodeURIComponent(caseId)}`;
  const query = useApiQuery<CaseLearningDto>(`${base}/learning`);
  const [fromAction, setFromAction] = useState<CaseLearningDto | null>(null);
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [causeId, setCauseId] = useState('');
  const [siteId, setSiteId] = useState('');
  const data = fromAction ?? query.data;
  const related = useApiQuery<RelatedCasesDto>(data?.may.link ? `${base}/related` : null);
  const { reload } = query;
  useSocketEvent('cases.changed', (payload) => {
    if (payload.caseId === caseId) void reload().then(() => setFromAction(null));
  });

  async function act(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, message: string): Promise<boolean> {
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      setFromAction(await apiSend<CaseLearningDto>(method, `${base}/${path}`, body));
      setDone(message);
      return true;
    } catch (err) {
      const apiError = toApiError(err);
      setFieldErrors(apiError.fieldMessages());
      setError(apiError.message);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function tag(event: FormEvent) {
    event.preventDefault();
    if (!causeId) {
      setFieldErrors({ rootCauseId: t('errors:validation.required') });
      return;
    }
    if (await act('POST', 'causes', { rootCauseId: causeId, ...(siteId ? { siteId } : {}) }, t('learning:case.tagged'))) {
      setCauseId('');
      setSiteId('');
    }
  }

  if (!data) return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void reload()} busy={query.loading} /> : null;
  const tagged = new Set(data.causes.map((c) => c.rootCause.id));
  const issueIds = new Set([data.link?.lead?.id, ...(data.link?.members.map((m) => m.id) ?? [])]);
  return (
    <section aria-labelledby="case-learning-title" className="case-learning stack">
      <h2 id="case-learning-title">{t('learning:case.title')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {done}
      </p>
      {error && <ErrorMessage message={error} />}

      <h3>{t('learning:case.causes')}</h3>
      {data.causes.length === 0 ? (
        <p className="empty">{t('learning:case.noCauses')}</p>
      ) : (
        <ul className="case-causes">
          {data.causes.map((c) => (
            <li key={c.rootCause.id}>
              <strong>{c.rootCause.name}</strong> ({c.category.name}, {t(`learning:case.stage_${c.stage}`)}
              {c.site && <>, {t('learning:case.atSite', { site: c.site.name })}</>}){!c.confirmed && <> — {t('learning:case.proposed')}</>}
              {data.may.confirm && (
                <span className="row-actions">
                  {!c.confirmed && (
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={busy}
                      onClick={() => void act('POST', `causes/${c.rootCause.id}/confirm`, undefined, t('learning:case.tagged'))}
                    >
                      {t('learning:case.confirm')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy}
                    onClick={() => void act('DELETE', `causes/${c.rootCause.id}`, undefined, t('learning:case.tagged'))}
                  >
                    {t('learning:case.remove')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.may.tag && (
        <form className="form" noValidate onSubmit={(event) => void tag(event)} aria-busy={busy}>
          <div className="field">
            <label htmlFor="learning-cause">{t('learning:case.cause')}</label>
            <select
              id="learning-cause"
              value={causeId}
              onChange={(event) => setCauseId(event.target.value)}
              aria-invalid={fieldErrors.rootCauseId ? true : undefined}
              aria-describedby={fieldErrors.rootCauseId ? 'learning-cause-error' : undefined}
            >
              <option value="">{t('learning:case.chooseCause')}</option>
              {data.causeOptions.map((group) => (
                <optgroup key={group.category.code} label={group.category.name}>
                  {group.causes.map((cause) => (
                    <option key={cause.id} value={cause.id} disabled={tagged.has(cause.id)}>
                      {cause.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {fieldErrors.rootCauseId && (
              <p id="learning-cause-error" className="field-error">
                {fieldErrors.rootCauseId}
              </p>
            )}
          </div>
          {data.sites.length > 0 && (
            <div className="field">
              <label htmlFor="learning-site">{t('learning:case.site')}</label>
              <select
                id="learning-site"
                value={siteId}
                onChange={(event) => setSiteId(event.target.value)}
                aria-invalid={fieldErrors.siteId ? true : undefined}
              >
                <option value="">{t('learning:case.noSite')}</option>
                {data.sites.map((site) => (
                  <option key={site.id} value={site.id}>
                    {site.name}
                  </option>
                ))}
              </select>
              {fieldErrors.siteId && <p className="field-error">{fieldErrors.siteId}</p>}
            </div>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {data.may.confirm ? t('learning:case.tag') : t('learning:case.propose')}
          </button>
        </form>
      )}

      {data.consequenceLevel !== undefined && (
        <ConsequenceForm base={base} level={data.consequenceLevel} onSaved={() => void reload().then(() => setFromAction(null))} />
      )}

      {data.collective && (
        <>
          <h3>{t('learning:case.collective')}</h3>
          <p>
            <strong>{t('learning:case.speaksFor', { count: data.collective.speaksFor })}</strong>.{' '}
            {t('learning:case.declaredAndJoined', { declared: data.collective.declaredSize, joined: data.collective.signatories })}
          </p>
          {data.may.openToSignatories && (
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void act('PUT', 'signatories/open', { open: !data.collective!.openToSignatories }, t('learning:case.tagged'))}
            >
              {data.collective.openToSignatories ? t('learning:case.closeToSignatories') : t('learning:case.openToSignatories')}
            </button>
          )}
        </>
      )}

      {data.link && (
        <>
          <h3>{t('learning:case.issue')}</h3>
          <p>
            {data.link.lead?.id === caseId
              ? t('learning:case.thisIsLead')
              : data.link.lead
                ? t('learning:case.lead', { reference: data.link.lead.reference })
                : t('learning:case.leadHidden')}
          </p>
          {data.link.members.length > 0 && (
            <ul aria-label={t('learning:case.members')}>
              {data.link.members.map((m) => (
                <li key={m.id}>
                  <Link to={`/casos/${m.id}`}>{m.reference}</Link> — {t(`domain:status.${m.status}`)}
                </li>
              ))}
            </ul>
          )}
          {data.may.link && data.link.lead?.id !== caseId && (
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={busy}
              onClick={() => void act('DELETE', 'link', undefined, t('learning:case.linked'))}
            >
              {t('learning:case.unlink')}
            </button>
          )}
        </>
      )}

      {data.may.link && (
        <>
          <h3>{t('learning:case.related')}</h3>
          <p>{t('learning:case.relatedIntro', { count: related.data?.windowDays ?? 180 })}</p>
          {related.error && <ErrorMessage message={related.error.message} onRetry={() => void related.reload()} />}
          {related.data?.related.length === 0 && <p className="empty">{t('learning:case.noRelated')}</p>}
          <ol className="related-cases">
            {related.data?.related.map((r) => (
              <li key={r.id}>
                <p>
                  <Link to={`/casos/${r.id}`}>{r.reference}</Link> — {t(`domain:status.${r.status}`)} · {r.company ?? '—'} · {r.categories.join(', ')} ·{' '}
                  {r.municipality}
                  {r.vereda && <>, {r.vereda}</>}
                </p>
                <p>{r.summary}</p>
                <p className="hint">
                  {[
                    r.reasons.sameCompany && t('learning:case.reasonCompany'),
                    r.reasons.sharedCategories > 0 && t('learning:case.reasonCategory'),
                    r.reasons.sameMunicipality && t('learning:case.reasonMunicipality'),
                    r.reasons.sameVereda && t('learning:case.reasonVereda'),
                    r.reasons.textSimilarity > 0 && t('learning:case.reasonText', { percent: Math.round(r.reasons.textSimilarity * 100) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  {r.leadCaseId && <> · {t('learning:case.alreadyLinked')}</>}
                </p>
                {!issueIds.has(r.id) && (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={busy}
                    onClick={() => void act('POST', 'link', { leadCaseId: r.id }, t('learning:case.linked')).then((ok) => ok && void related.reload())}
                  >
                    {t('learning:case.linkUnder', { reference: r.reference })}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/**
 * The ombudsman's assessment of how grave the case's harm is (consequence level 1–3, or not yet), counted
 * by the effectiveness report. Shown only when the server sent the level, i.e. to the ombudsman.
 */
function ConsequenceForm({ base, level, onSaved }: { base: string; level: 1 | 2 | 3 | null; onSaved: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const [chosen, setChosen] = useState<string>(level === null ? '' : String(level));
  const [state, setState] = useState<{ busy: boolean; message: string; error: string }>({ busy: false, message: '', error: '' });

  async function save(event: FormEvent) {
    event.preventDefault();
    setState({ busy: true, message: '', error: '' });
    try {
      await apiSend('PUT', `${base}/consequence`, { level: chosen === '' ? null : Number(chosen) });
      setState({ busy: false, message: t('effectiveness:ladder.saved'), error: '' });
      onSaved();
    } catch (err) {
      setState({ busy: false, message: '', error: toApiError(err).message });
    }
  }

  return (
    <form className="form case-consequence" noValidate onSubmit={(event) => void save(event)} aria-busy={state.busy}>
      <div className="field">
        <label htmlFor="learning-consequence">{t('effectiveness:consequenceForm.label')}</label>
        <p id="learning-consequence-hint" className="hint">
          {t('effectiveness:consequenceForm.hint')}
        </p>
        <select
          id="learning-consequence"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          aria-describedby="learning-consequence-hint"
          aria-invalid={state.error ? true : undefined}
        >
          <option value="">{t('effectiveness:consequence.none')}</option>
          {(['1', '2', '3'] as const).map((l) => (
            <option key={l} value={l}>
              {t(`effectiveness:consequence.${l}`)}
            </option>
          ))}
        </select>
        {state.error && <p className="field-error">{state.error}</p>}
      </div>
      <button type="submit" className="button button-secondary" disabled={state.busy}>
        {t('effectiveness:consequenceForm.save')}
      </button>
      <p role="status">{state.message}</p>
    </form>
  );
}

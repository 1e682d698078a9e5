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
import { Field } from '../../components/Field';
import { SelectField } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { CaseSectionFrame, useCaseSection } from './caseSection';
import '../../styles/screens.css';

const NAMESPACES = ['learning', 'effectiveness', 'app', 'domain', 'errors'] as const;

/** The learning section of case `caseId`. */
export function CaseLearning({ caseId }: { caseId: string }) {
  const { t } = useTranslation(NAMESPACES);
  const { base, query, data, answered, announcement, refresh } = useCaseSection<CaseLearningDto>(caseId, 'learning');
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [causeId, setCauseId] = useState('');
  const [siteId, setSiteId] = useState('');
  const related = useApiQuery<RelatedCasesDto>(data?.may.link ? `${base}/related` : null);

  async function act(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, message: string): Promise<boolean> {
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      answered(await apiSend<CaseLearningDto>(method, `${base}/${path}`, body), message);
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

  if (!data) return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} busy={query.loading} /> : null;
  const tagged = new Set(data.causes.map((c) => c.rootCause.id));
  const issueIds = new Set([data.link?.lead?.id, ...(data.link?.members.map((m) => m.id) ?? [])]);
  return (
    <CaseSectionFrame titleId="case-learning-title" className="case-learning stack" title={t('learning:case.title')} announcement={announcement}>
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
          <Field id="learning-cause" label={t('learning:case.cause')} error={fieldErrors.rootCauseId}>
            {(control) => (
              <select {...control} value={causeId} onChange={(event) => setCauseId(event.target.value)}>
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
            )}
          </Field>
          {data.sites.length > 0 && (
            <SelectField label={t('learning:case.site')} value={siteId} onChange={setSiteId} error={fieldErrors.siteId}>
              <option value="">{t('learning:case.noSite')}</option>
              {data.sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </SelectField>
          )}
          <button type="submit" className="button button-primary" disabled={busy}>
            {data.may.confirm ? t('learning:case.tag') : t('learning:case.propose')}
          </button>
        </form>
      )}

      {data.consequenceLevel !== undefined && <ConsequenceForm base={base} level={data.consequenceLevel} onSaved={refresh} />}

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
    </CaseSectionFrame>
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
      <Field
        id="learning-consequence"
        label={t('effectiveness:consequenceForm.label')}
        hint={t('effectiveness:consequenceForm.hint')}
        error={state.error || undefined}
      >
        {(control) => (
          <select {...control} value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">{t('effectiveness:consequence.none')}</option>
            {(['1', '2', '3'] as const).map((l) => (
              <option key={l} value={l}>
                {t(`effectiveness:consequence.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button button-secondary" disabled={state.busy}>
        {t('effectiveness:consequenceForm.save')}
      </button>
      <p role="status">{state.message}</p>
    </form>
  );
}

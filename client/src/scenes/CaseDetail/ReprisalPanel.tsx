/**
 * The Defensoría's reprisal-risk file on a case (issue #15 §5, as the CAO runs it): the risk level
 * assessed at each stage (every earlier assessment kept below), the complainant's retaliation reports,
 * and protective measures — recorded only once the person's consent is ticked and its form chosen.
 * Shown to ombudsman officers only; the server answers 404 to anyone else.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReprisalFileDto, ReprisalRiskLevel } from '../../../../shared/types/custody';
import { CONSENT_WAYS, CUSTODY_TEXT_MAX, REPRISAL_RISK_LEVELS, protectiveMeasureSchema, reprisalRiskSchema } from '../../../../shared/validation/custody';
import { apiSend } from '../../api/client';
import { CountedTextarea } from '../../components/CountedTextarea';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { checkWith } from '../../forms/fieldMessages';
import { bogotaDateTime } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useSubmit } from '../../hooks/useSubmit';
import { submitWith } from '../../components/SubmitForm';

const NAMESPACES = ['custody', 'domain', 'errors'] as const;

/** The file of case `caseId`. */
export function ReprisalPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation(NAMESPACES);
  const id = useId();
  const path = `/api/cases/${encodeURIComponent(caseId)}`;
  const query = useApiQuery<ReprisalFileDto>(`${path}/reprisal`);
  const [fromAction, setFromAction] = useState<ReprisalFileDto | null>(null);
  const [level, setLevel] = useState<ReprisalRiskLevel | ''>('');
  const [note, setNote] = useState('');
  const [measure, setMeasure] = useState('');
  const [consentHow, setConsentHow] = useState('');
  const [consent, setConsent] = useState(false);
  const { busy, fieldErrors: errors, setFieldErrors: setErrors, formError: failure, run } = useSubmit();
  const file = fromAction ?? query.data;
  if (!file) return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} /> : null;

  async function send(route: string, schema: Parameters<typeof checkWith>[0], body: Record<string, unknown>, done: () => void) {
    const problems = checkWith(schema, body);
    setErrors(problems ?? {});
    if (problems) return;
    await run(async () => {
      setFromAction(await apiSend<ReprisalFileDto>('POST', `${path}/${route}`, body));
      done();
      return null;
    });
  }

  const when = (iso: string) => bogotaDateTime(iso, i18n.language);
  const [current, ...earlier] = file.assessments;
  return (
    <section aria-labelledby={`${id}-title`} className="reprisal-panel">
      <h2 id={`${id}-title`}>{t('custody:risk.title')}</h2>
      <p>{current ? t('custody:risk.current', { level: t(`custody:risk.level.${current.level}`) }) : t('custody:risk.none')}</p>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      <form
        className="form"
        noValidate
        onSubmit={submitWith(() => send('reprisal-risk', reprisalRiskSchema, { level, note: note || undefined }, () => setNote('')))}
      >
        <h3>{t('custody:risk.assess')}</h3>
        <Field id={`${id}-level`} label={t('custody:risk.levelLabel')} error={errors.level}>
          {(control) => (
            <select {...control} value={level} onChange={(event) => setLevel(event.target.value as ReprisalRiskLevel)}>
              <option value="" />
              {REPRISAL_RISK_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`custody:risk.level.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-note`} label={t('custody:risk.note')} error={errors.note}>
          {(control) => <CountedTextarea control={control} rows={2} value={note} onChange={setNote} maximum={CUSTODY_TEXT_MAX} />}
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('custody:risk.save')}
        </button>
      </form>
      {earlier.length > 0 && (
        <>
          <h3>{t('custody:risk.history')}</h3>
          <ul>
            {earlier.map((a) => (
              <li key={a.assessedAt}>
                {t('custody:risk.historyLine', {
                  level: t(`custody:risk.level.${a.level}`),
                  stage: t(`domain:status.${a.stage}`),
                  who: a.assessedBy,
                  at: when(a.assessedAt),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('custody:risk.reports')}</h3>
      {file.reports.length === 0 ? (
        <p>{t('custody:risk.noReports')}</p>
      ) : (
        <ul>
          {file.reports.map((r) => (
            <li key={r.id}>{t('custody:risk.reportLine', { at: when(r.reportedAt), account: r.account })}</li>
          ))}
        </ul>
      )}
      <h3>{t('custody:risk.measures')}</h3>
      {file.measures.length === 0 ? (
        <p>{t('custody:risk.noMeasures')}</p>
      ) : (
        <ul>
          {file.measures.map((m) => (
            <li key={m.recordedAt}>
              {t('custody:risk.measureLine', { measure: m.measure, how: t(`custody:risk.consentWay.${m.consentHow}`), at: when(m.recordedAt) })}
            </li>
          ))}
        </ul>
      )}
      <form
        className="form"
        noValidate
        onSubmit={submitWith(() =>
          send('protective-measures', protectiveMeasureSchema, { measure, consent, consentHow }, () => {
            setMeasure('');
            setConsent(false);
          }),
        )}
      >
        <Field id={`${id}-measure`} label={t('custody:risk.measure')} error={errors.measure}>
          {(control) => <CountedTextarea control={control} rows={2} value={measure} onChange={setMeasure} maximum={CUSTODY_TEXT_MAX} />}
        </Field>
        <Field id={`${id}-how`} label={t('custody:risk.consentHow')} error={errors.consentHow}>
          {(control) => (
            <select {...control} value={consentHow} onChange={(event) => setConsentHow(event.target.value)}>
              <option value="" />
              {CONSENT_WAYS.map((w) => (
                <option key={w} value={w}>
                  {t(`custody:risk.consentWay.${w}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <label>
            <input type="checkbox" checked={consent} onChange={(event) => setConsent(event.target.checked)} aria-invalid={errors.consent ? true : undefined} />{' '}
            {t('custody:risk.consent')}
          </label>
          {errors.consent && <p className="field-error">{errors.consent}</p>}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('custody:risk.saveMeasure')}
        </button>
      </form>
    </section>
  );
}

/**
 * `/mis-datos`: habeas data for the person (Ley 1581 de 2012) — download all Puente holds about them
 * (a JSON file, or a page to read and print), their requests with due dates and answers, a form for a
 * new request (consulta, correction, withdrawal of consent, deletion) and the immediate withdrawal of
 * the sensitive-data consent. Works for an account and for whoever opened a case with its receipt key.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { HABEAS_REQUEST_KINDS, type HabeasRequestKind } from '../../../../shared/habeas';
import type { HabeasRequestDto } from '../../../../shared/types/habeas';
import { habeasRequestSchema } from '../../../../shared/validation/habeas';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/screens.css';

const NAMESPACES = ['habeas', 'app', 'errors'] as const;

/** A date (YYYY-MM-DD) in the reader's words. */
export function useDay(): (day: string) => string {
  const { i18n } = useTranslation(NAMESPACES);
  return (day) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** `/mis-datos` */
export function MyData() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('myData.title'));
  const requests = useApiQuery<HabeasRequestDto[]>('/api/habeas/requests');
  const day = useDay();
  if (requests.error?.status === 404 || requests.error?.status === 401) {
    return (
      <div className="narrow stack">
        <h1>{t('myData.title')}</h1>
        <p>{t('myData.needSubject')}</p>
        <p>
          <Link to="/ingresar">{t('myData.login')}</Link> · <Link to="/seguimiento">{t('myData.track')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <h1>{t('myData.title')}</h1>
      <p>{t('myData.intro')}</p>
      <p className="actions">
        <a className="button button-primary" href="/api/habeas/export" download>
          {t('myData.downloadJson')}
        </a>{' '}
        <a className="button" href="/api/habeas/export?format=html" target="_blank" rel="noopener">
          {t('myData.readable')}
        </a>
      </p>
      {requests.error && <ErrorMessage message={requests.error.message} onRetry={() => void requests.reload()} />}
      {!requests.data && requests.loading && <Loading />}
      {requests.data && (
        <section className="panel stack" aria-labelledby="my-requests">
          <h2 id="my-requests">{t('myData.requestsTitle')}</h2>
          {requests.data.length === 0 ? (
            <p>{t('myData.noRequests')}</p>
          ) : (
            <ul className="stack">
              {requests.data.map((r) => (
                <li key={r.id}>
                  <strong>{t(`kind.${r.kind}`)}</strong> · {t(`status.${r.status}`)}
                  {r.caseReference && ` · ${r.caseReference}`}
                  <br />
                  {r.status === 'open' && t('myData.due', { date: day(r.dueOn) })}
                  {r.extension && (
                    <>
                      <br />
                      {t('myData.extended', { date: day(r.extension.dueOn), reason: r.extension.reason })}
                    </>
                  )}
                  {r.answer && (
                    <>
                      <br />
                      {r.outcome && `${t(`outcome.${r.outcome}`)}. `}
                      {t('myData.answer', { answer: r.answer })}
                    </>
                  )}
                  {r.correctedFields.length > 0 && (
                    <>
                      <br />
                      {t('correction.done', { fields: r.correctedFields.map((f) => t(`correction.field.${f as 'name'}`)).join(', ') })}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <NewRequest onFiled={() => void requests.reload()} />
      <SensitiveWithdrawal />
    </div>
  );
}

function NewRequest({ onFiled }: { onFiled: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const day = useDay();
  const [kind, setKind] = useState<HabeasRequestKind>('consulta');
  const [details, setDetails] = useState('');
  const [caseReference, setCaseReference] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = habeasRequestSchema.safeParse({ kind, details, ...(caseReference.trim() ? { caseReference } : {}) });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      const filed = await apiSend<HabeasRequestDto>('POST', '/api/habeas/requests', parsed.data);
      return t('myData.sent', { date: day(filed.dueOn) });
    });
    if (ok) {
      setDetails('');
      onFiled();
    }
  }

  return (
    <section className="panel stack" aria-labelledby="new-habeas-request">
      <h2 id="new-habeas-request">{t('myData.newTitle')}</h2>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={form.busy}>
        <SelectField label={t('myData.kindLabel')} value={kind} onChange={(v) => setKind(v as HabeasRequestKind)} error={form.fieldErrors.kind}>
          {HABEAS_REQUEST_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <p className="hint">{t(`kindHint.${kind}`)}</p>
        <TextField label={t('myData.detailsLabel')} multiline value={details} onChange={setDetails} error={form.fieldErrors.details} required />
        <TextField label={t('myData.caseLabel')} autoComplete="off" value={caseReference} onChange={setCaseReference} error={form.fieldErrors.caseReference} />
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {t('myData.send')}
        </button>
      </form>
    </section>
  );
}

function SensitiveWithdrawal() {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  return (
    <section className="panel stack" aria-labelledby="sensitive-data">
      <h2 id="sensitive-data">{t('myData.sensitiveTitle')}</h2>
      <p>{t('myData.sensitiveIntro')}</p>
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      <button
        type="button"
        className="button"
        disabled={form.busy}
        onClick={() =>
          void form.run(async () => {
            const { erasedCases } = await apiSend<{ erasedCases: number }>('POST', '/api/habeas/sensitive-data/withdraw');
            return t('myData.sensitiveDone', { count: erasedCases });
          })
        }
      >
        {t('myData.sensitiveWithdraw')}
      </button>
    </section>
  );
}

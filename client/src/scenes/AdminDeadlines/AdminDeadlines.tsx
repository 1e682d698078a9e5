/**
 * `/admin/plazos`: the terms (in business days) of the mechanism chosen in the admin picker and its
 * holidays of the year — the national list, the days the mechanism added by decree and the national
 * ones it works on.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bogotaDate, colombianHolidays } from '../../../../shared/calendar';
import type { DeadlinePolicyDto, DeadlinePolicyInfoDto, MechanismHolidayDto } from '../../../../shared/types/deadlines';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { calendarDate } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, Done, useAdminMechanism, useSubmit } from '../AdminShared/adminShared';

const NAMESPACES = [...ADMIN_NAMESPACES, 'deadlinesUi'] as const;

const TERMS = [
  'acknowledgeDays',
  'admissibilityDays',
  'firstAnswerDays',
  'documentsAnswerDays',
  'consultationAnswerDays',
  'agreementDays',
  'referralDays',
  'informationWaitMonths',
  'reminderDaysBefore',
  'appealDays',
] as const satisfies readonly (keyof DeadlinePolicyDto)[];

type Terms = Record<(typeof TERMS)[number], string>;

/** One row of the year's holiday list. */
interface HolidayRow {
  date: string;
  name: string | null;
  national: boolean;
  change: MechanismHolidayDto | undefined;
}

function holidayRows(year: number, language: string, changes: MechanismHolidayDto[]): HolidayRow[] {
  const byDate = new Map(changes.map((h) => [h.date, h]));
  const national = colombianHolidays(year).map((h) => ({
    date: h.date,
    name: language === 'en' ? h.name.en : h.name.es,
    national: true,
    change: byDate.get(h.date),
  }));
  const added = changes
    .filter((h) => h.kind === 'added' && h.date.startsWith(`${year}-`))
    .map((h) => ({ date: h.date, name: null, national: false, change: h }));
  return [...national, ...added].sort((a, b) => a.date.localeCompare(b.date));
}

/** `/admin/plazos` */
export function AdminDeadlines() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('deadlinesUi:policy.title'));
  const { base } = useAdminMechanism();
  return (
    <div className="stack">
      <h1>{t('deadlinesUi:policy.title')}</h1>
      <AdminNav />
      <p>{t('deadlinesUi:policy.intro')}</p>
      {/* Keyed by mechanism: choosing another one starts from its own rules, with no form state or
          message of the previous one left on screen. */}
      <MechanismDeadlines key={base} base={base} />
    </div>
  );
}

/** The terms and holidays of one mechanism (`base` is its admin API prefix). */
function MechanismDeadlines({ base }: { base: string }) {
  const { t, i18n } = useTranslation(NAMESPACES);
  const info = useApiQuery<DeadlinePolicyInfoDto>(`${base}/deadline-policy`);
  const loaded = info.data;
  const [fromAction, setFromAction] = useState<DeadlinePolicyInfoDto | null>(null);
  const current = fromAction ?? loaded;
  const termsForm = useSubmit();
  const holidayForm = useSubmit();
  const [terms, setTerms] = useState<Terms | null>(null);
  const [newDate, setNewDate] = useState('');
  const [newReason, setNewReason] = useState('');
  const [removeReason, setRemoveReason] = useState('');
  const year = Number(bogotaDate(new Date()).slice(0, 4));

  useEffect(() => {
    if (!loaded) return;
    setFromAction(null);
    setTerms(Object.fromEntries(TERMS.map((k) => [k, String(loaded.policy[k])])) as Terms);
  }, [loaded]);

  async function saveTerms(event: FormEvent) {
    event.preventDefault();
    if (!terms) return;
    // Numbers go as typed; the server's shared schema answers with a message per field.
    const body = Object.fromEntries(TERMS.map((k) => [k, terms[k].trim() === '' ? null : Number(terms[k])]));
    await termsForm.run(async () => {
      setFromAction(await apiSend<DeadlinePolicyInfoDto>('PUT', `${base}/deadline-policy`, body));
      return t('deadlinesUi:policy.saved');
    });
  }

  async function changeHoliday(work: () => Promise<DeadlinePolicyInfoDto>) {
    const ok = await holidayForm.run(async () => {
      setFromAction(await work());
      return t('deadlinesUi:policy.holidaySaved');
    });
    if (ok) {
      setNewDate('');
      setNewReason('');
      setRemoveReason('');
    }
  }

  const rows = current ? holidayRows(year, i18n.language, current.holidays) : [];
  return (
    <>
      {info.error && <ErrorMessage message={info.error.message} onRetry={() => void info.reload()} busy={info.loading} />}
      {!current && info.loading && <Loading />}
      {terms && (
        <section className="panel stack" aria-labelledby="deadline-terms">
          <h2 id="deadline-terms">{t('deadlinesUi:policy.termsTitle')}</h2>
          {termsForm.formError && <ErrorMessage message={termsForm.formError} />}
          <Done message={termsForm.done} />
          <form className="form" noValidate onSubmit={(e) => void saveTerms(e)} aria-busy={termsForm.busy}>
            {TERMS.map((k) => (
              <TextField
                key={k}
                label={t(`deadlinesUi:policy.${k}`)}
                inputMode="numeric"
                value={terms[k]}
                onChange={(value) => setTerms({ ...terms, [k]: value })}
                error={termsForm.fieldErrors[k]}
                required
              />
            ))}
            <button type="submit" className="button button-primary" disabled={termsForm.busy}>
              {t('deadlinesUi:policy.save')}
            </button>
          </form>
        </section>
      )}
      {current && (
        <section className="panel stack" aria-labelledby="deadline-holidays">
          <h2 id="deadline-holidays">{t('deadlinesUi:policy.holidaysTitle', { year })}</h2>
          {holidayForm.formError && <ErrorMessage message={holidayForm.formError} />}
          <Done message={holidayForm.done} />
          <TextField label={t('deadlinesUi:policy.reason')} value={removeReason} onChange={setRemoveReason} error={holidayForm.fieldErrors.reason} />
          <ul className="plain-list stack">
            {rows.map((row) => (
              <li key={row.date} className={row.change?.kind === 'removed' ? 'holiday holiday-removed' : 'holiday'}>
                <strong>{calendarDate(row.date, i18n.language)}</strong> {row.name}
                <br />
                {row.change ? t(`deadlinesUi:policy.${row.change.kind}`) : t('deadlinesUi:policy.national')}
                {row.change && ` — ${row.change.reason}`}{' '}
                {row.change ? (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={holidayForm.busy}
                    onClick={() => void changeHoliday(() => apiSend('DELETE', `${base}/holidays/${row.date}`))}
                  >
                    {t('deadlinesUi:policy.undo')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={holidayForm.busy}
                    onClick={() => void changeHoliday(() => apiSend('POST', `${base}/holidays`, { date: row.date, kind: 'removed', reason: removeReason }))}
                  >
                    {t('deadlinesUi:policy.removeHoliday')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void changeHoliday(() => apiSend('POST', `${base}/holidays`, { date: newDate, kind: 'added', reason: newReason }));
            }}
          >
            <h3>{t('deadlinesUi:policy.addTitle')}</h3>
            <div className="field">
              <label htmlFor="holiday-date">{t('deadlinesUi:policy.date')}</label>
              <input id="holiday-date" type="date" value={newDate} onChange={(e) => setNewDate(e.target.value)} />
              {holidayForm.fieldErrors.date && (
                <p className="field-error" role="alert">
                  {holidayForm.fieldErrors.date}
                </p>
              )}
            </div>
            <TextField label={t('deadlinesUi:policy.reason')} value={newReason} onChange={setNewReason} error={holidayForm.fieldErrors.reason} />
            <button type="submit" className="button button-primary" disabled={holidayForm.busy}>
              {t('deadlinesUi:policy.add')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

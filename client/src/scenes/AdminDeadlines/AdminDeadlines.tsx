/**
 * `/admin/plazos`: the terms (in business days) of the mechanism chosen in the admin picker and its
 * holidays of the year — the national list (built-in laws and those an admin recorded), the days the
 * mechanism added by decree and the national ones it works on — and, for every mechanism, the national
 * holidays a new law or decree adds or abolishes, recorded with that law.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bogotaDate, colombianHolidays } from '../../../../shared/calendar';
import type { DeadlinePolicyDto, DeadlinePolicyInfoDto, MechanismHolidayDto } from '../../../../shared/types/deadlines';
import type { NationalHolidayDto, NationalHolidaysDto } from '../../../../shared/types/holidays';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/FormField';
import { Loading } from '../../components/Loading';
import { calendarDate } from '../../forms/format';
import { useApiQuery, type ApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/screens.css';

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
  /** The law that makes it a national holiday, when it is one. */
  law: string | null;
  national: boolean;
  change: MechanismHolidayDto | undefined;
}

function holidayRows(year: number, language: string, changes: MechanismHolidayDto[], nationalChanges: NationalHolidayDto[]): HolidayRow[] {
  const byDate = new Map(changes.map((h) => [h.date, h]));
  const abolished = new Set(nationalChanges.filter((h) => h.kind === 'removed').map((h) => h.date));
  const national = [
    ...colombianHolidays(year)
      .filter((h) => !abolished.has(h.date))
      .map((h) => ({ date: h.date, name: language === 'en' ? h.name.en : h.name.es, law: h.law })),
    ...nationalChanges.filter((h) => h.kind === 'added' && h.date.startsWith(`${year}-`)).map((h) => ({ date: h.date, name: h.name, law: h.law })),
  ].map((h) => ({ ...h, national: true, change: byDate.get(h.date) }));
  const added = changes
    .filter((h) => h.kind === 'added' && h.date.startsWith(`${year}-`))
    .map((h) => ({ date: h.date, name: null, law: null, national: false, change: h }));
  return [...national, ...added].sort((a, b) => a.date.localeCompare(b.date));
}

/** `/admin/plazos` */
export function AdminDeadlines() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('deadlinesUi:policy.title'));
  const { base } = useAdminMechanism();
  const national = useApiQuery<NationalHolidaysDto>('/api/admin/national-holidays');
  return (
    <div className="stack">
      <h1>{t('deadlinesUi:policy.title')}</h1>
      <AdminNav />
      <p>{t('deadlinesUi:policy.intro')}</p>
      {/* Keyed by mechanism: choosing another one starts from its own rules, with no form state or
          message of the previous one left on screen. */}
      <MechanismDeadlines key={base} base={base} national={national.data?.holidays ?? []} />
      <NationalHolidays query={national} />
    </div>
  );
}

/** The terms and holidays of one mechanism (`base` is its admin API prefix). */
function MechanismDeadlines({ base, national }: { base: string; national: NationalHolidayDto[] }) {
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

  // Adjusted while rendering when a new answer arrives, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  const [shown, setShown] = useState<DeadlinePolicyInfoDto>();
  if (loaded && loaded !== shown) {
    setShown(loaded);
    setFromAction(null);
    setTerms(Object.fromEntries(TERMS.map((k) => [k, String(loaded.policy[k])])) as Terms);
  }

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

  const rows = current ? holidayRows(year, i18n.language, current.holidays, national) : [];
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
                {row.law && <span className="hint"> ({t('deadlinesUi:calendar.byLaw', { law: row.law })})</span>}
                <br />
                {row.change ? t(`deadlinesUi:policy.${row.change.kind}`) : t('deadlinesUi:policy.national')}
                {row.change && ` — ${row.change.reason}`}{' '}
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={holidayForm.busy}
                  onClick={() =>
                    void changeHoliday(() =>
                      row.change
                        ? apiSend('DELETE', `${base}/holidays/${row.date}`)
                        : apiSend('POST', `${base}/holidays`, { date: row.date, kind: 'removed', reason: removeReason }),
                    )
                  }
                >
                  {row.change ? t('deadlinesUi:policy.undo') : t('deadlinesUi:policy.removeHoliday')}
                </button>
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

/** The national holidays recorded by law or decree, for every mechanism, and the form to record one. */
function NationalHolidays({ query }: { query: ApiQuery<NationalHolidaysDto> }) {
  const { t, i18n } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const [fromAction, setFromAction] = useState<NationalHolidaysDto | null>(null);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'added' | 'removed'>('added');
  const [name, setName] = useState('');
  const [law, setLaw] = useState('');
  const current = fromAction ?? query.data;

  async function change(work: () => Promise<NationalHolidaysDto>): Promise<boolean> {
    return form.run(async () => {
      const answer = await work();
      setFromAction(answer);
      // The mechanism's list above shows national holidays too: let it read the new ones.
      void query.reload();
      const moved = answer.recalculated ?? { cases: 0, deadlines: 0 };
      return t('deadlinesUi:calendar.saved', { count: moved.deadlines, cases: t('deadlinesUi:calendar.savedCases', { count: moved.cases }) });
    });
  }

  async function record(event: FormEvent) {
    event.preventDefault();
    if (await change(() => apiSend('POST', '/api/admin/national-holidays', { date, kind, name, law }))) {
      setDate('');
      setName('');
      setLaw('');
    }
  }

  return (
    <section className="panel stack" aria-labelledby="national-holidays">
      <h2 id="national-holidays">{t('deadlinesUi:calendar.nationalTitle')}</h2>
      <p>{t('deadlinesUi:calendar.nationalIntro')}</p>
      {query.error && <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} busy={query.loading} />}
      {!current && query.loading && <Loading />}
      {form.formError && <ErrorMessage message={form.formError} />}
      <Done message={form.done} />
      {current && current.holidays.length === 0 && <p>{t('deadlinesUi:calendar.none')}</p>}
      {current && current.holidays.length > 0 && (
        <ul className="plain-list stack">
          {current.holidays.map((h) => (
            <li key={h.date} className={h.kind === 'removed' ? 'holiday holiday-removed' : 'holiday'}>
              <strong>{calendarDate(h.date, i18n.language)}</strong> {h.name}
              <br />
              {t(`deadlinesUi:calendar.${h.kind}`)} — {h.law}{' '}
              <button
                type="button"
                className="button button-secondary"
                disabled={form.busy}
                onClick={() => void change(() => apiSend('DELETE', `/api/admin/national-holidays/${h.date}`))}
              >
                {t('deadlinesUi:calendar.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form" noValidate onSubmit={(e) => void record(e)} aria-busy={form.busy}>
        <div className="field">
          <label htmlFor="national-date">{t('deadlinesUi:policy.date')}</label>
          <input id="national-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-invalid={Boolean(form.fieldErrors.date)} />
          {form.fieldErrors.date && (
            <p className="field-error" role="alert">
              {form.fieldErrors.date}
            </p>
          )}
        </div>
        <fieldset className="choice-group">
          <legend>{t('deadlinesUi:calendar.kind')}</legend>
          {(['added', 'removed'] as const).map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="national-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(k === 'added' ? 'deadlinesUi:calendar.kindAdded' : 'deadlinesUi:calendar.kindRemoved')}</span>
            </label>
          ))}
        </fieldset>
        <TextField label={t('deadlinesUi:calendar.name')} value={name} onChange={setName} error={form.fieldErrors.name} required />
        <TextField label={t('deadlinesUi:calendar.law')} value={law} onChange={setLaw} error={form.fieldErrors.law} required />
        <button type="submit" className="button button-primary" disabled={form.busy}>
          {t('deadlinesUi:calendar.record')}
        </button>
      </form>
    </section>
  );
}

/** The filter form shared by the dashboard and the drill-down list; every change goes into the address. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES } from '../../../../shared/caseLifecycle';
import { IDENTITY_MODES, OVERSIGHT_QUEUES, type OversightFilterKey } from '../../../../shared/validation/oversight';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useMechanismBySlug } from '../../hooks/useMechanism';
import type { FilterValues } from './useOversightFilters';
import '../../styles/desk.css';
import '../../styles/screens.css';

const NS = ['oversight', 'domain', 'app'] as const;

/** Typing pauses this long before the search goes to the server. */
const SEARCH_DELAY_MS = 400;

/** The filters; `onChange` receives one key at a time. */
export function OversightFilters({
  values,
  onChange,
  onClear,
  active,
}: {
  values: FilterValues;
  onChange: (key: OversightFilterKey, value: string) => void;
  onClear: () => void;
  active: number;
}) {
  const { t } = useTranslation(NS);
  const id = useId();
  // The lists of the mechanism being overseen: the officer's own, or the granted one in the address.
  const mechanism = useMechanismBySlug(values.mechanism).data;
  const [text, setText] = useState(values.q ?? '');
  const typed = useDebouncedValue(text.trim(), SEARCH_DELAY_MS);
  useEffect(() => {
    if ((values.q ?? '') !== typed) onChange('q', typed);
    // Only a settled search is written; the address changing elsewhere must not retrigger it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
  useEffect(() => {
    if (!values.q) setText((current) => (current.trim() === '' ? current : ''));
  }, [values.q]);

  const select = (key: OversightFilterKey, label: string, all: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={values[key] ?? ''} onChange={(event) => onChange(key, event.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="filters oversight-filters no-print" role="search" aria-label={t('filters.title')} onSubmit={(e) => e.preventDefault()}>
      {select('company', t('filters.company'), t('filters.allCompanies'), [
        ...(mechanism?.companies ?? []).map((c) => ({ value: c.id, label: c.name })),
        { value: 'none', label: t('unrouted') },
      ])}
      {select(
        'queue',
        t('filters.queue'),
        t('filters.allQueues'),
        OVERSIGHT_QUEUES.map((q) => ({ value: q, label: t(`queue.${q}`) })),
      )}
      {select(
        'status',
        t('filters.status'),
        t('filters.allStatuses'),
        CASE_STATUSES.map((s) => ({ value: s, label: t(`domain:status.${s}`) })),
      )}
      {select(
        'category',
        t('filters.category'),
        t('filters.allCategories'),
        (mechanism?.categories ?? []).map((c) => ({ value: c.code, label: c.name })),
      )}
      {select(
        'municipality',
        t('filters.municipality'),
        t('filters.allMunicipalities'),
        (mechanism?.municipalities ?? []).map((m) => ({ value: m.id, label: m.name })),
      )}
      {select(
        'identityMode',
        t('filters.identityMode'),
        t('filters.allIdentityModes'),
        IDENTITY_MODES.map((m) => ({ value: m, label: t(`domain:identityMode.${m}`) })),
      )}
      {select(
        'escalation',
        t('filters.escalation'),
        t('filters.allEscalations'),
        [0, 1, 2].map((level) => ({ value: String(level), label: t('filters.escalationLevel', { level }) })),
      )}
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('filters.from')}</label>
        <input id={`${id}-from`} type="date" value={values.from ?? ''} onChange={(e) => onChange('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('filters.to')}</label>
        <input id={`${id}-to`} type="date" value={values.to ?? ''} onChange={(e) => onChange('to', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('filters.q')}</label>
        <input id={`${id}-q`} type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      </div>
      {active > 0 && (
        <p className="filters-active">
          {t('filters.active', { count: active })}{' '}
          <button type="button" className="button button-secondary button-small" onClick={onClear}>
            {t('filters.clear')}
          </button>
        </p>
      )}
    </form>
  );
}

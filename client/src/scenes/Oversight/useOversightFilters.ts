/**
 * The oversight filters live in the address (so a view can be bookmarked, shared and reloaded); this
 * hook reads and writes them. The query it returns is parsed on the server by the same schema
 * (shared/validation/oversight.ts) for every oversight route and the CSV export.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'wouter';
import { filtersToQuery, OVERSIGHT_FILTER_KEYS, type OversightFilterKey } from '../../../../shared/validation/oversight';
import '../../styles/screens.css';

/** Filter values as strings, as the address holds them. */
export type FilterValues = Partial<Record<OversightFilterKey, string>>;

/** Filters that name things of one mechanism: another mechanism's ids would match nothing. */
const MECHANISM_BOUND: readonly OversightFilterKey[] = ['company', 'municipality', 'category'];

/** The current filters, the API query they make, and setters that keep the address in step. */
export function useOversightFilters() {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const found: FilterValues = {};
    for (const key of OVERSIGHT_FILTER_KEYS) {
      const value = params.get(key);
      if (value) found[key] = value;
    }
    return found;
  }, [params]);
  const query = useMemo(() => filtersToQuery(values), [values]);
  const setFilter = useCallback(
    (key: OversightFilterKey, value: string) => {
      const next: FilterValues = { ...values, [key]: value };
      if (key === 'mechanism') for (const bound of MECHANISM_BOUND) delete next[bound];
      setParams(new URLSearchParams(filtersToQuery(next)), { replace: true });
    },
    [values, setParams],
  );
  // The mechanism is which dashboard this is, not a filter: clearing the filters keeps it.
  const clear = useCallback(
    () => setParams(new URLSearchParams(filtersToQuery({ mechanism: values.mechanism })), { replace: true }),
    [values.mechanism, setParams],
  );
  const active = Object.keys(values).filter((key) => key !== 'mechanism').length;
  return { values, query, setFilter, clear, active };
}

/** The drill-down address of the cases behind a figure: the current filters plus the figure's own. */
export function casesPath(values: FilterValues, extra: FilterValues = {}): string {
  const query = filtersToQuery({ ...values, ...extra });
  return `/supervision/casos${query ? `?${query}` : ''}`;
}

/**
 * The oversight filters live in the address (so a view can be bookmarked, shared and reloaded); this
 * hook reads and writes them. The query it returns is parsed on the server by the same schema
 * (shared/validation/oversight.ts) for every oversight route and the CSV export.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { filtersToQuery, OVERSIGHT_FILTER_KEYS, type OversightFilterKey } from '../../../../shared/validation/oversight';

/** Filter values as strings, as the address holds them. */
export type FilterValues = Partial<Record<OversightFilterKey, string>>;

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
    (key: OversightFilterKey, value: string) => setParams(new URLSearchParams(filtersToQuery({ ...values, [key]: value })), { replace: true }),
    [values, setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { values, query, setFilter, clear, active: Object.keys(values).length };
}

/** The drill-down address of the cases behind a figure: the current filters plus the figure's own. */
export function casesPath(values: FilterValues, extra: FilterValues = {}): string {
  const query = filtersToQuery({ ...values, ...extra });
  return `/supervision/casos${query ? `?${query}` : ''}`;
}

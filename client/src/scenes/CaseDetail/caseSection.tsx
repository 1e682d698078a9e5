/**
 * A section of a case page that has its own route under `/api/cases/:id/` (deadlines, learning): the
 * answer of an action stands in for the fetched copy until the next fetch arrives and is read out in
 * the section's live region, and the section is fetched again whenever the case changes for its queue.
 */
import { useState, type ReactNode } from 'react';
import { useApiQuery, type ApiQuery } from '../../hooks/useApiQuery';
import { useSocketEvent } from '../../realtime/socket';

/** What a case section works with; `base` is the case's API address, `refresh` fetches again and drops an action's answer. */
export interface CaseSection<T> {
  base: string;
  query: ApiQuery<T>;
  data: T | undefined;
  /** Shows an action's answer and says `message` in the live region. */
  answered: (answer: T, message: string) => void;
  announcement: string;
  refresh: () => void;
}

/** The section of case `caseId` at `/api/cases/:id/<path>`. */
export function useCaseSection<T>(caseId: string, path: string): CaseSection<T> {
  const base = `/api/cases/${encodeURIComponent(caseId)}`;
  const query = useApiQuery<T>(`${base}/${path}`);
  const [fromAction, setFromAction] = useState<T | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const { reload } = query;
  const refresh = () => void reload().then(() => setFromAction(null));
  useSocketEvent('cases.changed', (payload) => {
    if (payload.caseId === caseId) refresh();
  });
  const answered = (answer: T, message: string) => {
    setFromAction(answer);
    setAnnouncement(message);
  };
  return { base, query, data: fromAction ?? query.data, answered, announcement, refresh };
}

/** The section itself: labelled by its heading (`titleId`), with the polite live region that reads out what was done. */
export function CaseSectionFrame({
  titleId,
  className,
  title,
  announcement,
  children,
}: {
  titleId: string;
  className: string;
  title: string;
  announcement: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={titleId} className={className}>
      <h2 id={titleId}>{title}</h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {children}
    </section>
  );
}

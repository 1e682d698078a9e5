/**
 * The building blocks admin screens repeat: the screen's frame, the panel of a form that adds
 * something, the list of cards with its loading, empty and error states, and the badge and button
 * of a thing that can be taken out of use and put back. Each screen keeps its
 * own fields and card contents; these keep the same markup, messages and accessibility on every one.
 */
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import type { ApiQuery } from '../../hooks/useApiQuery';
import { Done, SubmitForm } from '../../components/SubmitForm';
import type { Submit } from '../../hooks/useSubmit';
import { ADMIN_NAMESPACES, AdminNav } from './adminShared';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** An admin screen: its title, the section navigation with the mechanism picker, and its introduction. */
export function AdminScreen({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="stack">
      <h1>{title}</h1>
      <AdminNav />
      <p>{intro}</p>
      {children}
    </div>
  );
}

/** A panel holding a form: heading, the outcome of the last submit, the fields, and the submit button. */
export function AdminFormPanel({
  id,
  title,
  submit,
  onSubmit,
  submitLabel,
  busyLabel,
  children,
}: {
  /** Id of the heading that names the panel. */
  id: string;
  title: string;
  submit: Submit;
  onSubmit: (event: FormEvent) => void;
  submitLabel: string;
  busyLabel: string;
  children: ReactNode;
}) {
  return (
    <section className="panel stack" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <SubmitForm submit={submit} onSubmit={onSubmit} label={submitLabel} busyLabel={busyLabel}>
        {children}
      </SubmitForm>
    </section>
  );
}

/**
 * A list of cards loaded by `query`: heading, a load error with retry, the outcome of the last change
 * made from a card (`row`), loading and empty states, then `renderItem` for each item.
 */
export function AdminCardList<T>({
  id,
  title,
  query,
  row,
  empty,
  renderItem,
}: {
  /** Id of the heading that names the list. */
  id: string;
  title: string;
  query: ApiQuery<T[]>;
  row: Submit;
  empty: string;
  /** One `<AdminCard key=…>` (a list item) per item. */
  renderItem: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="stack">
      <h2 id={id}>{title}</h2>
      {query.error && <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} />}
      {row.formError && <ErrorMessage message={row.formError} />}
      <Done message={row.done} />
      {!query.data && query.loading && <Loading />}
      {query.data?.length === 0 && <p className="empty">{empty}</p>}
      <ul className="user-list">{query.data?.map(renderItem)}</ul>
    </section>
  );
}

/** One card of an admin list: its name line, greyed out when the thing is inactive, then `children`. */
export function AdminCard({ name, inactive, children }: { name: ReactNode; inactive: boolean; children: ReactNode }) {
  return (
    <li className={`user-card${inactive ? ' user-card-inactive' : ''}`}>
      <p className="user-card-name">{name}</p>
      {children}
    </li>
  );
}

/** Whether a thing (category, cause, company…) is in use, as a badge. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  return <span className={`badge ${active ? 'badge-active' : 'badge-inactive'}`}>{active ? t('common.active') : t('common.inactive')}</span>;
}

/** The small button that takes a thing out of use or puts it back; disabled while `busy`. */
export function ActiveToggle({ active, busy, onToggle }: { active: boolean; busy: boolean; onToggle: () => void }) {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  return (
    <button type="button" className="button button-secondary button-small" disabled={busy} onClick={onToggle}>
      {active ? t('common.deactivate') : t('common.reactivate')}
    </button>
  );
}

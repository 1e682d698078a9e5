/**
 * A form that sends a change, as every account and admin form shows it: the general error and the
 * success note of its last submit above it, its fields, then its submit button, which says it is busy
 * and cannot be pressed twice while the change runs.
 */
import type { FormEvent, ReactNode } from 'react';
import type { Submit } from '../hooks/useSubmit';
import { ErrorMessage } from './ErrorMessage';

/** The success note of a form, announced politely. */
export function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert-info" role="status">
      <p>{message}</p>
    </div>
  );
}

/** A form's submit button: disabled while `busy`, and then saying `busyLabel` (if given) instead of `label`. */
export function SubmitButton({ busy, label, busyLabel, block = false }: { busy: boolean; label: string; busyLabel?: string; block?: boolean }) {
  return (
    <button type="submit" className={block ? 'button button-primary button-block' : 'button button-primary'} disabled={busy}>
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}

/** The row under a form opened for one step of a case: send it (disabled while `busy`), or cancel and close it. */
export function SubmitCancelRow({
  busy,
  label,
  cancelLabel,
  onCancel,
  cancelDisabled = false,
}: {
  busy: boolean;
  label: string;
  cancelLabel: string;
  onCancel: () => void;
  cancelDisabled?: boolean;
}) {
  return (
    <div className="button-row">
      <SubmitButton busy={busy} label={label} />
      <button type="button" className="button button-secondary" onClick={onCancel} disabled={cancelDisabled}>
        {cancelLabel}
      </button>
    </div>
  );
}

/** A form run by `submit` (see `useSubmit`): its last outcome, its fields (`children`) and its submit button. */
export function SubmitForm({
  submit,
  onSubmit,
  label,
  busyLabel,
  block,
  children,
}: {
  submit: Submit;
  onSubmit: (event: FormEvent) => void;
  label: string;
  busyLabel: string;
  /** A full-width button, as on the narrow account pages. */
  block?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      {submit.formError && <ErrorMessage message={submit.formError} />}
      <Done message={submit.done} />
      <form className="form" noValidate onSubmit={onSubmit} aria-busy={submit.busy}>
        {children}
        <SubmitButton busy={submit.busy} label={label} busyLabel={busyLabel} block={block} />
      </form>
    </>
  );
}

/** A form's `onSubmit` that keeps the page where it is and runs `work` (which reports its own failures). */
export function submitWith(work: () => unknown): (event: FormEvent) => void {
  return (event) => {
    event.preventDefault();
    void work();
  };
}

/**
 * The box at the top of a form that failed its check: it names every field in trouble, with the same
 * message shown beside the field, and links to it. The list is read from the form itself — each
 * `.field-error` line and the control that lists it in `aria-describedby` (its label, or its fieldset's
 * legend) — so every field of every step is named without a second list of labels to keep in step.
 */
import { forwardRef, useLayoutEffect, useState, type ReactNode, type RefObject } from 'react';
import { AlertText } from './ErrorMessage';

interface Entry {
  /** Id of the control (or fieldset) the link moves to; empty when it has none (then no link). */
  target: string;
  label: string;
  message: string;
}

function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The name a person sees for `control`: its fieldset's legend, its label, or its accessible label. */
function labelOf(control: HTMLElement): string {
  if (control instanceof HTMLFieldSetElement) return textOf(control.querySelector('legend'));
  const label = control.id ? control.ownerDocument.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  return textOf(label) || control.getAttribute('aria-label') || textOf(control.closest('label'));
}

/**
 * Every error line shown in `form`, with the field it belongs to (the control that lists it, else the
 * group around it), then any of `messages` not shown beside a field, unlinked.
 */
function entriesOf(form: HTMLElement, messages: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  for (const error of form.querySelectorAll<HTMLElement>('.field-error[id]')) {
    const control = form.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(error.id)}"]`) ?? error.closest('fieldset');
    entries.push({ target: control?.id ?? '', label: control ? labelOf(control) : '', message: textOf(error) });
  }
  const shown = new Set(entries.map((e) => e.message));
  for (const message of messages) if (!shown.has(message)) entries.push({ target: '', label: '', message });
  return entries;
}

/** Moves focus to a field (the first choice of a group) without scrolling the page sideways. */
export function focusField(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  const control = element instanceof HTMLFieldSetElement ? element.querySelector<HTMLElement>('input, select, textarea') : element;
  (control ?? element).focus({ preventScroll: true });
  const label = element instanceof HTMLFieldSetElement ? element : (document.querySelector(`label[for="${CSS.escape(id)}"]`) ?? element);
  window.scrollTo({ left: 0, top: Math.max(0, label.getBoundingClientRect().top + window.scrollY - 16) });
}

/** Moves focus to the summary itself (announced as an alert) without scrolling the page sideways. */
export function focusSummary(summary: HTMLElement | null): void {
  if (!summary) return;
  summary.focus({ preventScroll: true });
  window.scrollTo({ left: 0, top: Math.max(0, summary.getBoundingClientRect().top + window.scrollY - 16) });
}

/**
 * The summary of the errors of `form`: `messages` are every error it holds now (a new array whenever
 * they change, so the list is read again), `intro` says what happened.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { form: RefObject<HTMLElement | null>; messages: readonly string[]; intro: ReactNode }>(
  function ErrorSummary({ form, messages, intro }, ref) {
    const [entries, setEntries] = useState<Entry[]>([]);
    useLayoutEffect(() => {
      setEntries(form.current ? entriesOf(form.current, messages) : []);
    }, [form, messages]);
    return (
      <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={ref}>
        <AlertText>{intro}</AlertText>
        {entries.length > 0 && (
          <ul>
            {entries.map((entry) => (
              <li key={`${entry.target}:${entry.message}`}>
                {entry.target && entry.label ? (
                  <a
                    href={`#${entry.target}`}
                    onClick={(event) => {
                      event.preventDefault();
                      focusField(entry.target);
                    }}
                  >
                    {entry.label}
                  </a>
                ) : (
                  entry.label
                )}
                {entry.label ? `: ${entry.message}` : entry.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  },
);

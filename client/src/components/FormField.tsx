/**
 * Labelled form fields with their error and hint wired for screen readers, and the conversion of a
 * shared zod schema's issues into per-field messages (the same words the server would send).
 */
import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { UI_NAMESPACES } from '../i18n';

/** Messages by dotted field path. */
export type FieldErrors = Record<string, string>;

/** The first translated message per field of a failed shared-schema parse. */
export function useIssueMessages(): (issues: readonly z.core.$ZodIssue[]) => FieldErrors {
  const { t } = useTranslation(UI_NAMESPACES);
  return (issues) => {
    const errors: FieldErrors = {};
    for (const issue of issues) {
      const field = issue.path.map(String).join('.') || '_';
      if (errors[field]) continue;
      const minimum = 'minimum' in issue ? Number(issue.minimum) : undefined;
      const maximum = 'maximum' in issue ? Number(issue.maximum) : undefined;
      const params = { minimum, maximum, count: maximum ?? minimum };
      const key = issue.message?.startsWith('validation.')
        ? issue.message
        : issue.code === 'too_big'
          ? 'validation.too_long'
          : issue.code === 'too_small'
            ? 'validation.required'
            : 'validation.invalid_value';
      errors[field] = t(`errors:${key}` as 'errors:validation.required', params);
    }
    return errors;
  };
}

interface BaseProps {
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

/** A text input or textarea with label, hint and error. */
export function TextField({
  label,
  error,
  hint,
  value,
  onChange,
  type = 'text',
  multiline = false,
  ...rest
}: BaseProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel';
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric';
  name?: string;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    required: rest.required,
    name: rest.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea rows={8} {...common} />
      ) : (
        <input type={type} autoComplete={rest.autoComplete} inputMode={rest.inputMode} spellCheck={type === 'text'} {...common} />
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A password input with a show/hide button. */
export function PasswordField({
  label,
  error,
  hint,
  value,
  onChange,
  showLabel,
  autoComplete = 'new-password',
}: BaseProps & { value: string; onChange: (value: string) => void; showLabel: string; autoComplete?: string }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="password-row">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          autoComplete={autoComplete}
          autoCapitalize="none"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <button type="button" className="button button-secondary" aria-pressed={shown} aria-controls={id} onClick={() => setShown((s) => !s)}>
          {showLabel}
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A select with label and error. */
export function SelectField({
  label,
  error,
  value,
  onChange,
  children,
}: BaseProps & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {children}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A checkbox with its label beside it. */
export function CheckboxField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

/**
 * Labelled form fields with their error and hint wired for screen readers, and the conversion of a
 * shared zod schema's issues into per-field messages (the same words the server would send).
 */
import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { UI_NAMESPACES } from '../i18n';
import { Field } from './Field';
import '../styles/public.css';
import '../styles/screens.css';

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

/** A text input or textarea with label, hint and error; an e-mail or phone field brings up its own keyboard. */
export function TextField({
  label,
  error,
  hint,
  value,
  onChange,
  type = 'text',
  multiline = false,
  inputMode = type === 'text' ? undefined : type,
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
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => {
        const common = {
          ...control,
          value,
          required: rest.required,
          name: rest.name,
          onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
        };
        return multiline ? (
          <textarea rows={8} {...common} />
        ) : (
          <input type={type} autoComplete={rest.autoComplete} inputMode={inputMode} spellCheck={type === 'text'} {...common} />
        );
      }}
    </Field>
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
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <div className="password-row">
          <input
            {...control}
            type={shown ? 'text' : 'password'}
            autoComplete={autoComplete}
            autoCapitalize="none"
            spellCheck={false}
            value={value}
            onChange={(event) => onChange(event.target.value)}
          />
          <button type="button" className="button button-secondary" aria-pressed={shown} aria-controls={control.id} onClick={() => setShown((s) => !s)}>
            {showLabel}
          </button>
        </div>
      )}
    </Field>
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
    <Field id={id} label={label} error={error}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
          {children}
        </select>
      )}
    </Field>
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

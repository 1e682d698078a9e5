/**
 * A labelled form control with its hint and its error, wired for screen readers: the control gets
 * `aria-describedby` (hint, error) and `aria-invalid` through the render prop.
 */
import type { ReactNode } from 'react';

/** Attributes the control inside a Field must spread. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/** Ids of a field's hint and error, so groups (fieldsets) can point at them too. */
export function fieldIds(id: string): { hint: string; error: string } {
  return { hint: `${id}-hint`, error: `${id}-error` };
}

/** Joins the ids of the parts present. */
export function describedBy(id: string, hint: ReactNode | undefined, error: string | undefined): string | undefined {
  const ids = fieldIds(id);
  return [hint ? ids.hint : undefined, error ? ids.error : undefined].filter(Boolean).join(' ') || undefined;
}

/** A field's error line; `id` is the control's id. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={fieldIds(id).error}>
      {message}
    </p>
  );
}

/** Label, control (render prop), hint below the label, error below the control. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={fieldIds(id).hint}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy(id, hint, error), 'aria-invalid': error ? true : undefined })}
      <FieldError id={id} message={error} />
    </div>
  );
}

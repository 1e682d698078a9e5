/**
 * Where a person gives the name the others will see on their account (sign-up, an invitation, the
 * profile): required, and filled in by the browser from the person's own name.
 */
import { TextField } from './FormField';

/** The account's display-name field, under `label`. */
export function DisplayNameField({ label, value, onChange, error }: { label: string; value: string; onChange: (value: string) => void; error?: string }) {
  return <TextField label={label} autoComplete="name" value={value} onChange={onChange} error={error} required />;
}

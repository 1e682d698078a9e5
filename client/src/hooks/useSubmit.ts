/**
 * Runs a form's change against the API and keeps what the form shows about it: busy while it runs,
 * the server's messages per field and in general when it fails, and a success note when it does not.
 */
import { useState } from 'react';
import { toApiError } from '../api/client';
import type { FieldErrors } from '../components/FormField';

/** Runs changes for a form: busy flag, field messages from the server, a general message, a success note. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(work: () => Promise<string | null>): Promise<boolean> {
    setBusy(true);
    setFormError(null);
    setDone(null);
    try {
      const note = await work();
      setFieldErrors({});
      setDone(note);
      return true;
    } catch (error) {
      const apiError = toApiError(error);
      const byField = apiError.fieldMessages();
      setFieldErrors(byField);
      setFormError(apiError.message);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, fieldErrors, setFieldErrors, formError, done, run };
}

/** What `useSubmit` gives a form. */
export type Submit = ReturnType<typeof useSubmit>;

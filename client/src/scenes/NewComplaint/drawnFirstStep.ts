/**
 * The complaint form's first screen arrives drawn into `presentar-queja.html` (client/src/prerender,
 * docs/reach.md): on 2G a person can read it and type while the code downloads. The app renders into a
 * hidden #root meanwhile; when the form is ready it takes over here — in one layout effect, before the
 * browser paints again, so no keystroke falls between the two — keeping what was typed and where the
 * caret was. Nothing here runs on pages opened without the drawn copy (index.html).
 */
import { loadDraft, saveDraft, type ComplaintDraft } from './draft';

/** The first step's answers the drawn copy has (its controls carry these names). */
const TYPED_FIELDS = ['whatHappened', 'hopedOutcome', 'occurredOn'] as const;
type TypedField = (typeof TYPED_FIELDS)[number];

/** What was typed into the drawn copy before the app took over. */
export interface TypedBeforeStart {
  /** Non-empty answers by field. */
  values: Partial<Record<TypedField, string>>;
  /** The answer the person was typing in, with the caret, to carry on there. */
  focus: { field: TypedField; start: number | null; end: number | null } | null;
}

/**
 * Removes the drawn copy and shows the app, returning what was typed into the copy; null when the
 * page had no copy (or it was taken over already).
 */
export function takeOverDrawnFirstStep(): TypedBeforeStart | null {
  const copy = document.getElementById('prerendered');
  if (!copy) return null;
  const values: TypedBeforeStart['values'] = {};
  let focus: TypedBeforeStart['focus'] = null;
  for (const field of TYPED_FIELDS) {
    const control = copy.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${field}"]`);
    if (!control) continue;
    if (control.value) values[field] = control.value;
    if (document.activeElement === control) {
      // A date input has no caret.
      const caret = control instanceof HTMLTextAreaElement;
      focus = { field, start: caret ? control.selectionStart : null, end: caret ? control.selectionEnd : null };
    }
  }
  copy.remove();
  document.getElementById('root')?.removeAttribute('hidden');
  return { values, focus };
}

/**
 * The draft's answers with what was typed into the copy: an empty answer takes it; a text answer kept
 * from an earlier visit keeps its words and gets the new ones after it (nothing typed is dropped).
 */
export function withTyped(draft: ComplaintDraft, typed: TypedBeforeStart['values']): Partial<ComplaintDraft> {
  const patch: Partial<ComplaintDraft> = {};
  for (const field of TYPED_FIELDS) {
    const value = typed[field];
    if (!value || value === draft[field]) continue;
    patch[field] = draft[field] && field !== 'occurredOn' ? `${draft[field]}\n${value}` : value;
  }
  return patch;
}

/** For screens at the form's address other than the form (a receipt, a role that does not file): what was typed is kept in the draft. */
export function keepTypedInDraft(): void {
  const taken = takeOverDrawnFirstStep();
  if (!taken || Object.keys(taken.values).length === 0) return;
  const draft = loadDraft();
  saveDraft({ ...draft, ...withTyped(draft, taken.values) });
}

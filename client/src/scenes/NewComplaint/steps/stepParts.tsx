/** What the intake form's steps share: their props, a group of choices, a radio button as a card. */
import { type ReactNode } from 'react';
import { describedBy, FieldError, fieldIds } from '../../../components/Field';
import { ListenButton } from '../../../components/ListenButton';
import type { FieldMessages } from '../../../forms/fieldMessages';
import { type ComplaintDraft, type FilerContext } from '../draft';
import '../../../styles/intake.css';
import '../../../styles/screens.css';

/** What every step receives. */
export interface StepProps {
  draft: ComplaintDraft;
  update: (patch: Partial<ComplaintDraft>) => void;
  errors: FieldMessages;
  filer: FilerContext;
  /** The mechanism's spoken-help clips in the language on screen (clip key → address). */
  clips: Record<string, string>;
}

/** A group of radio buttons or checkboxes with its legend, hint and error. */
export function Choices({ id, legend, hint, error, children }: { id: string; legend: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <fieldset id={id} className="choices" aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={fieldIds(id).hint}>
          {hint}
        </p>
      )}
      {children}
      <FieldError id={id} message={error} />
    </fieldset>
  );
}

/** One radio button as a large card, easy to hit with a thumb; with a clip, its "Escuchar" beside it. */
export function RadioCard({
  name,
  value,
  checked,
  onChange,
  children,
  listen,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
  listen?: { url: string | undefined; label: string };
}) {
  const card = (
    <label className={`choice-card${checked ? ' choice-card-checked' : ''}`}>
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} />
      <span className="choice-body">{children}</span>
    </label>
  );
  // The button sits outside the label: pressing it must not choose the option.
  if (!listen?.url) return card;
  return (
    <div className="choice-with-listen">
      {card}
      <ListenButton url={listen.url} label={listen.label} small />
    </div>
  );
}

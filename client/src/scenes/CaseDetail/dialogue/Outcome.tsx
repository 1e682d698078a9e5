/**
 * After the case ends: how satisfied the complainant is (1 to 5, each in plain words, and a comment),
 * and asking to reopen it with a reason while the appeal window lasts — only when the server allows them.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogueDto } from '../../../../../shared/types/dialogue';
import { reopenSchema, satisfactionSchema } from '../../../../../shared/validation/dialogue';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { checkWith } from '../../../forms/fieldMessages';
import { calendarDate } from '../../../forms/format';
import { UI_NAMESPACES } from '../../../i18n';
import { sendDialogueWrite, useStep } from './steps';
import '../../../styles/screens.css';

const SCORES = [1, 2, 3, 4, 5] as const;

/** The satisfaction and reopening panel. */
export function Outcome({ caseId, dialogue, onChanged }: { caseId: string; dialogue: DialogueDto; onChanged: (d: DialogueDto) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const { rate, reopen } = dialogue.allowedActions;
  if (!rate && !reopen && !dialogue.satisfaction) return null;
  return (
    <section aria-labelledby="outcome-title" className="panel">
      <h2 id="outcome-title">{t('dialogueUi:outcome.title')}</h2>
      {dialogue.satisfaction && (
        <p>
          {t('dialogueUi:outcome.rated', {
            score: dialogue.satisfaction.score,
            words: t(`dialogue:satisfaction.scale.${dialogue.satisfaction.score as 1 | 2 | 3 | 4 | 5}`),
          })}
          {dialogue.satisfaction.comment && <span className="quoted"> {dialogue.satisfaction.comment}</span>}
        </p>
      )}
      {rate && <RateForm caseId={caseId} onDone={onChanged} />}
      {reopen && <ReopenForm caseId={caseId} until={dialogue.reopenUntil} onDone={onChanged} />}
    </section>
  );
}

function RateForm({ caseId, onDone }: { caseId: string; onDone: (d: DialogueDto) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const step = useStep();
  async function send() {
    const body = { score: score ?? undefined, comment: comment.trim() || undefined };
    const problems = checkWith(satisfactionSchema, body);
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('POST', `/api/cases/${encodeURIComponent(caseId)}/satisfaction`, body)));
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void send())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <fieldset className="choice-group" aria-describedby={step.errors.score ? `${id}-score-error` : undefined}>
        <legend>{t('dialogue:satisfaction.question')}</legend>
        {SCORES.map((n) => (
          <label key={n} className="choice">
            <input type="radio" name={`${id}-score`} value={n} checked={score === n} onChange={() => setScore(n)} />
            <span>
              <strong>{n}</strong> — {t(`dialogue:satisfaction.scale.${n}`)}
            </span>
          </label>
        ))}
        {step.errors.score && (
          <p className="field-error" id={`${id}-score-error`}>
            {step.errors.score}
          </p>
        )}
      </fieldset>
      <Field id={`${id}-comment`} label={t('dialogue:satisfaction.comment')} error={step.errors.comment}>
        {(control) => <textarea {...control} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t('dialogue:action.rate')}
      </button>
    </form>
  );
}

function ReopenForm({ caseId, until, onDone }: { caseId: string; until: string | null; onDone: (d: DialogueDto) => void }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [to, setTo] = useState<'in_dialogue' | 'in_mediation'>('in_dialogue');
  const step = useStep();
  async function send() {
    const body = { reason, to };
    const problems = checkWith(reopenSchema, body);
    if (problems) return step.setErrors(problems);
    await step.run(async () => onDone(await sendDialogueWrite('POST', `/api/cases/${encodeURIComponent(caseId)}/reopen`, body)));
  }
  if (!open) {
    return (
      <div>
        {until && <p className="hint">{t('dialogueUi:outcome.reopenUntil', { date: calendarDate(until, i18n.language) })}</p>}
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('dialogue:action.reopen')}
        </button>
      </div>
    );
  }
  return (
    <form className="form" noValidate aria-busy={step.busy} onSubmit={(e) => (e.preventDefault(), void send())}>
      {step.failure && <ErrorMessage message={step.failure} />}
      <Field id={`${id}-reason`} label={t('dialogueUi:outcome.reopenReason')} error={step.errors.reason}>
        {(control) => <textarea {...control} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <fieldset className="choice-group">
        <legend>{t('dialogueUi:outcome.reopenTo')}</legend>
        {(['in_dialogue', 'in_mediation'] as const).map((target) => (
          <label key={target} className="choice">
            <input type="radio" name={`${id}-to`} value={target} checked={to === target} onChange={() => setTo(target)} />
            <span>{t(`dialogueUi:outcome.to.${target}`)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button-primary" disabled={step.busy}>
        {t('dialogue:action.reopen')}
      </button>
    </form>
  );
}

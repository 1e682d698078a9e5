/** The intake form's first step, in the form's first download (the later steps come after: laterSteps.ts). */
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { afterInCharge } from '../../../shell/inCharge';
import { INTAKE_LIMITS } from '../../../../../shared/validation/intakeChoices';
import { CharacterCount, withCount } from '../../../components/CharacterCount';
import { Field } from '../../../components/Field';
import { VoiceRecorderArriving } from '../../../components/VoiceRecorderFrame';
import { ListenButton } from '../../../components/ListenButton';
import { UI_NAMESPACES } from '../../../i18n';
import { bogotaToday } from '../draft';
import { type StepProps } from './stepParts';

// The recorder arrives when the first step shows; the form's text fields do not wait for it, and its
// place is drawn meanwhile, so they do not move when it comes (VoiceRecorderFrame.tsx).
// Not needed for the first question to be in the app's hands: it downloads once the app is in charge.
const VoiceRecorder = lazy(afterInCharge(() => import('../../../components/VoiceRecorder').then((m) => ({ default: m.VoiceRecorder }))));

/**
 * The account told aloud instead of typed (issue #14 §5): record a voice note on the first step; once
 * kept, the typed account becomes optional and the note plays back here.
 */
function SpokenAccount({
  voiceNote,
  onVoiceNote,
  error,
  clips,
}: {
  voiceNote: File | null;
  onVoiceNote: (file: File | null) => void;
  error?: string;
  clips: Record<string, string>;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!voiceNote) return;
    const made = URL.createObjectURL(voiceNote);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the URL is a browser resource this effect creates and revokes; render must not make one
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [voiceNote]);
  return (
    <section className="spoken-account callout" aria-labelledby="spoken-account-title" id="voiceNote">
      <h3 id="spoken-account-title">
        <span aria-hidden="true">🎤 </span>
        {t('intakeUi:spokenAccount.or')}
      </h3>
      <p className="hint">{t('intakeUi:spokenAccount.hint')}</p>
      <ListenButton url={clips['what.voice']} label={t('intakeUi:spokenAccount.or')} small />
      {voiceNote && url ? (
        <div className="stack-small" data-testid="voice-account">
          <p role="status">{t('intakeUi:spokenAccount.ready')}</p>
          <audio controls src={url} className="audio-preview">
            {t('intakeUi:voice.noPlayer')}
          </audio>
          <button type="button" className="button button-secondary button-small" onClick={() => onVoiceNote(null)}>
            {t('intakeUi:spokenAccount.remove')}
          </button>
        </div>
      ) : (
        <Suspense fallback={<VoiceRecorderArriving />}>
          <VoiceRecorder onRecorded={(file) => onVoiceNote(file)} />
        </Suspense>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Step 1: what happened (typed, or told in a voice note), what the person hopes for, and when. */
export function WhatStep({
  draft,
  update,
  errors,
  clips,
  voiceNote,
  onVoiceNote,
}: StepProps & { voiceNote: File | null; onVoiceNote: (file: File | null) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const byVoice = Boolean(draft.voiceNoteKey);
  return (
    <>
      <SpokenAccount voiceNote={voiceNote} onVoiceNote={onVoiceNote} error={errors.voiceNote} clips={clips} />
      <Field
        id={`${id}-what`}
        label={t('intakeUi:what.whatHappened')}
        hint={byVoice ? t('intakeUi:spokenAccount.optional') : t('intakeUi:what.whatHappenedHint')}
        error={errors.whatHappened}
      >
        {(control) => (
          <>
            {/* No maxLength: a long paste is kept whole and the count says how much is over. */}
            <textarea
              {...control}
              aria-describedby={withCount(control)}
              name="whatHappened"
              className="big-textarea"
              rows={8}
              value={draft.whatHappened}
              onChange={(event) => update({ whatHappened: event.target.value })}
            />
            <CharacterCount
              boxId={control.id}
              text={draft.whatHappened}
              minimum={byVoice ? undefined : INTAKE_LIMITS.whatHappenedMin}
              maximum={INTAKE_LIMITS.whatHappenedMax}
            />
          </>
        )}
      </Field>
      <Field id={`${id}-hope`} label={t('intakeUi:what.hopedOutcome')} hint={t('intakeUi:what.hopedOutcomeHint')} error={errors.hopedOutcome}>
        {(control) => (
          <>
            <textarea
              {...control}
              aria-describedby={withCount(control)}
              name="hopedOutcome"
              rows={4}
              value={draft.hopedOutcome}
              onChange={(event) => update({ hopedOutcome: event.target.value })}
            />
            <CharacterCount boxId={control.id} text={draft.hopedOutcome} maximum={INTAKE_LIMITS.hopedOutcomeMax} />
          </>
        )}
      </Field>
      <Field id={`${id}-when`} label={t('intakeUi:what.occurredOn')} hint={t('intakeUi:what.occurredOnHint')} error={errors.occurredOn}>
        {(control) => (
          <input
            {...control}
            name="occurredOn"
            type="date"
            max={bogotaToday()}
            value={draft.occurredOn}
            onChange={(event) => update({ occurredOn: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

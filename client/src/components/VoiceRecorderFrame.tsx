/**
 * The voice recorder's frame (its box, title and hint), in the form's first download: the first step draws
 * it, with a button not yet working, while the recorder's own code arrives (VoiceRecorder.tsx), so the
 * questions under it do not move when the recorder comes — a person may already be typing there, on the
 * form's drawn copy (drawnFirstStep.ts) as much as in the app.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';

/** Whether this browser can record from a microphone (the recorder says so plainly when it cannot). */
export function canRecordVoice(): boolean {
  return typeof MediaRecorder !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

/** The recorder's box, with its title, around what the recorder shows now (`children`). */
export function VoiceRecorderFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (
    <div className="voice-recorder" role="group" aria-label={t('intakeUi:voice.title')}>
      <p className="voice-title">
        <span aria-hidden="true">🎤 </span>
        <strong>{t('intakeUi:voice.title')}</strong> <span className="hint">{t('intakeUi:voice.hint')}</span>
      </p>
      {children}
    </div>
  );
}

/** What a browser that cannot record shows instead of the recorder. */
export function VoiceUnsupported() {
  const { t } = useTranslation(UI_NAMESPACES);
  return <p className="hint">{t('intakeUi:voice.unsupported')}</p>;
}

/**
 * The recorder's place while its code is on the way, drawn as the recorder will first show: the same
 * box with its button not yet working (or the words for a browser that cannot record). The drawn copy,
 * made at build time with no browser, always draws the box.
 */
export function VoiceRecorderArriving() {
  const { t } = useTranslation(UI_NAMESPACES);
  if (typeof window !== 'undefined' && !canRecordVoice()) return <VoiceUnsupported />;
  return (
    <VoiceRecorderFrame>
      <button type="button" className="button button-secondary" disabled>
        {t('intakeUi:voice.start')}
      </button>
    </VoiceRecorderFrame>
  );
}

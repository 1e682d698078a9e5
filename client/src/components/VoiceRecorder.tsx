/**
 * Records a voice note in the browser (many people would rather speak than write): start, stop,
 * listen, keep or discard, with a running timer and plain words when the microphone is refused.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';
import { canRecordVoice, VoiceRecorderFrame, VoiceUnsupported } from './VoiceRecorderFrame';
import '../styles/intake.css';

/** Formats the browser may record in, best first; the server sniffs the content whatever we pick. */
const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];
/** A voice note longer than this would rarely fit the upload limit on a cheap phone's codec. */
const MAX_SECONDS = 10 * 60;

type RecorderState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'recording'; seconds: number }
  | { kind: 'recorded'; file: File; url: string; seconds: number }
  | { kind: 'failed'; reason: 'denied' | 'noMicrophone' | 'failed' };

function supportedType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

function extensionFor(mime: string): string {
  if (mime.includes('ogg')) return 'ogg';
  if (mime.includes('mp4')) return 'm4a';
  return 'webm';
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The recorder; `onRecorded` receives the note as a File when the person keeps it. */
export function VoiceRecorder({ onRecorded, disabled = false }: { onRecorded: (file: File) => void; disabled?: boolean }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [state, setState] = useState<RecorderState>({ kind: 'idle' });
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const urlRef = useRef<string | null>(null);
  const mime = supportedType();

  function releaseMicrophone() {
    window.clearInterval(timer.current);
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  }

  function forgetRecording() {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
  }

  useEffect(
    () => () => {
      if (recorder.current?.state === 'recording') recorder.current.stop();
      releaseMicrophone();
      forgetRecording();
    },
    [],
  );

  if (!canRecordVoice()) return <VoiceUnsupported />;

  async function start() {
    forgetRecording();
    setState({ kind: 'starting' });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      const reason = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' ? 'noMicrophone' : 'failed';
      setState({ kind: 'failed', reason });
      return;
    }
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream.current, mime ? { mimeType: mime } : undefined);
    recorder.current = media;
    const startedAt = Date.now();
    let seconds = 0;
    media.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    media.onstop = () => {
      releaseMicrophone();
      const type = media.mimeType || mime || 'audio/webm';
      const blob = new Blob(chunks, { type });
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const file = new File([blob], `${t('intakeUi:voice.fileName')}-${stamp}.${extensionFor(type)}`, { type });
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setState({ kind: 'recorded', file, url, seconds });
    };
    media.start(1000);
    setState({ kind: 'recording', seconds: 0 });
    timer.current = window.setInterval(() => {
      seconds = Math.floor((Date.now() - startedAt) / 1000);
      if (seconds >= MAX_SECONDS) media.stop();
      else setState({ kind: 'recording', seconds });
    }, 500);
  }

  function stop() {
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }

  function discard() {
    forgetRecording();
    setState({ kind: 'idle' });
  }

  function keep() {
    if (state.kind !== 'recorded') return;
    onRecorded(state.file);
    // The parent now owns the file; the preview URL is no longer needed.
    forgetRecording();
    setState({ kind: 'idle' });
  }

  return (
    <VoiceRecorderFrame>
      {(state.kind === 'idle' || state.kind === 'failed' || state.kind === 'starting') && (
        <button type="button" className="button button-secondary" onClick={() => void start()} disabled={disabled || state.kind === 'starting'}>
          {t('intakeUi:voice.start')}
        </button>
      )}
      {state.kind === 'recording' && (
        <div className="button-row">
          <p className="recording" role="status">
            <span className="recording-dot" aria-hidden="true" /> {t('intakeUi:voice.recording')} <span className="timer">{clock(state.seconds)}</span>
          </p>
          <button type="button" className="button button-primary" onClick={stop}>
            {t('intakeUi:voice.stop')}
          </button>
        </div>
      )}
      {state.kind === 'recorded' && (
        <div className="stack-small">
          <p>{t('intakeUi:voice.recorded', { duration: clock(state.seconds) })}</p>
          <audio controls src={state.url} className="audio-preview">
            {t('intakeUi:voice.noPlayer')}
          </audio>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={keep}>
              {t('intakeUi:voice.keep')}
            </button>
            <button type="button" className="button button-secondary" onClick={discard}>
              {t('intakeUi:voice.discard')}
            </button>
          </div>
        </div>
      )}
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          {t(`intakeUi:voice.error.${state.reason}`)}
        </p>
      )}
    </VoiceRecorderFrame>
  );
}

/**
 * "Escuchar": plays the spoken-help clip of a question, a choice or the receipt (issue #14 §6), so a
 * person who does not read can follow the form. Shows nothing when the mechanism has no clip for it in
 * the language on screen. The player's code is loaded on the first press (media/clipPlayer.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';

const loadPlayer = () => import('../media/clipPlayer');

/** A clip's address among the mechanism's spoken help, or undefined. */
export function clipOf(clips: Record<string, string> | undefined, key: string): string | undefined {
  return clips?.[key];
}

/** The button; `label` names what it reads (for screen readers and the tooltip). */
export function ListenButton({ url, label, small = false }: { url: string | undefined; label: string; small?: boolean }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [state, setState] = useState<'idle' | 'loading' | 'playing' | 'failed'>('idle');
  if (!url) return null;

  async function press() {
    const player = await loadPlayer().catch(() => null);
    if (!player) {
      setState('failed');
      return;
    }
    if (state === 'playing') {
      player.stopClip();
      setState('idle');
      return;
    }
    setState('loading');
    try {
      await player.playClip(url!, () => setState('playing'));
      setState('idle');
    } catch (error) {
      console.warn('a spoken-help clip could not be played', error);
      setState('failed');
    }
  }

  return (
    <span className="listen">
      <button
        type="button"
        className={`button button-secondary listen-button${small ? ' button-small' : ''}`}
        // The name starts with the word the button shows ("Detener" while it plays), so a person using voice
        // control can say what they see (WCAG 2.5.3); the name changes, hence no aria-pressed as well.
        aria-label={`${state === 'playing' ? t('intakeUi:listen.stop') : t('intakeUi:listen.button')}: ${label}`}
        title={label}
        data-listen-state={state}
        onClick={() => void press()}
      >
        <span aria-hidden="true">🔊 </span>
        {state === 'playing' ? t('intakeUi:listen.stop') : t('intakeUi:listen.button')}
      </button>
      {state === 'failed' && (
        <span className="field-error" role="alert">
          {t('intakeUi:listen.failed')}
        </span>
      )}
    </span>
  );
}

/** Keeps the given clips on the phone once the page has settled (after load, when the browser is idle). */
export function prefetchClipsLater(urls: string[]): void {
  if (urls.length === 0) return;
  const run = () =>
    void loadPlayer().then(
      (player) => player.prefetchClips(urls),
      () => undefined,
    );
  const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  const whenIdle = () => (idle ? idle(run, { timeout: 5_000 }) : window.setTimeout(run, 2_000));
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}

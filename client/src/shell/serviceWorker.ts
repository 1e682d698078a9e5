/**
 * Registers the service worker (src/sw.ts) once the first screen is up, and tells ./updateState.ts (for
 * UpdateNotice) when a new version waits. Downloaded after the app is in charge (main.tsx). A new version never reloads the page by itself: it waits until the person chooses
 * "Actualizar", which is offered only when no form is in progress, or until the next visit (a waiting
 * worker takes over when the app is next opened).
 */
import { registerSW } from 'virtual:pwa-register';
import { requestsSettled } from '../api/client';
import { withPublicMechanism } from '../hooks/useMechanism';
import i18n, { currentLanguage } from '../i18n';
import { SESSION_PATH, type ShellMessage } from './offlineApi';
import { reloadWasWanted, setTakeCharge, setUpdateState } from './updateState';

/** The API answers the intake needs offline, even on screens the person has not opened yet. */
function offlineAnswerPaths(): string[] {
  return [SESSION_PATH, withPublicMechanism('/api/mechanism'), withPublicMechanism('/api/data-policy'), '/api/attachments/limits'];
}

/**
 * Asks the worker to fetch again, in the language on screen, and keep the answers the public screens
 * need: those the page loaded before any worker was in charge (the first visit), and those of the
 * intake even if it was not opened, so that after one visit of any page the wizard works offline.
 */
function keepOfflineAnswers(worker: ServiceWorker): void {
  const loaded = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === window.location.origin && url.pathname.startsWith('/api/'))
    .map((url) => url.pathname + url.search);
  const message: ShellMessage = { type: 'CACHE_API', paths: [...new Set([...offlineAnswerPaths(), ...loaded])], language: currentLanguage() };
  worker.postMessage(message);
}

/** Resolves once the page has loaded and the first screen's answers arrived (or after a while regardless). */
async function firstScreenSettled(): Promise<void> {
  if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  // The render after the texts asks for the screen's data; let those requests start first.
  await new Promise((resolve) => window.setTimeout(resolve, 0));
  await Promise.race([requestsSettled(), new Promise((resolve) => window.setTimeout(resolve, 15_000))]);
  // And once the screen they brought has been drawn.
  await new Promise((resolve) =>
    typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(resolve, { timeout: 2000 }) : window.setTimeout(resolve, 200),
  );
}

/**
 * Registers the worker once the first screen has what it needs: its install downloads every screen's
 * code and both languages (a few hundred KB), which on 2G must not compete with the screen the person
 * is waiting for.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  void firstScreenSettled().then(register);
}

function register(): void {
  const container = navigator.serviceWorker;
  // On later visits the worker saw every answer itself; on the first, it was not there yet.
  if (!container.controller) {
    container.addEventListener('controllerchange', () => container.controller && keepOfflineAnswers(container.controller), { once: true });
  }
  // The kept answers are in one language: after a switch, keep them in the new one.
  i18n.on('languageChanged', () => {
    if (container.controller) keepOfflineAnswers(container.controller);
  });
  const takeCharge = registerSW({
    onNeedRefresh: () => setUpdateState('waiting'),
    // The new version is in charge: reload if the person asked for it here; if it was another tab, say
    // so and let the person choose the moment.
    onNeedReload: () => {
      if (reloadWasWanted()) window.location.reload();
      else setUpdateState('inCharge');
    },
    // The app works without a worker (private browsing, workers disabled), only not offline: a warning.
    onRegisterError: (error: unknown) => console.warn('Could not register the service worker; Puente will not open offline', error),
    immediate: true,
  });
  setTakeCharge(takeCharge);
}

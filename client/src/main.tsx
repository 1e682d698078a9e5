/**
 * Entry point: the screen's code, the texts of the language last used and the session and mechanism
 * answers all download side by side; the app renders once the texts are here (never raw keys), then the
 * service worker is registered so the next visit opens with no signal.
 */
// First: starts the texts, the screen's code and its API answers (see ./boot).
import './boot';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { MechanismProvider } from './hooks/useMechanism';
import { SessionProvider } from './hooks/useSession';
import { i18nReady, loadTexts } from './i18n';
import { appInCharge, hasDrawnCopy, markAppInCharge } from './shell/inCharge';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');

i18nReady.then(
  () => {
    createRoot(root).render(
      <StrictMode>
        <SessionProvider>
          <MechanismProvider>
            <App />
          </MechanismProvider>
        </SessionProvider>
      </StrictMode>,
    );
    // A page without a drawn copy is in the app's hands once its first screen is painted; one with a
    // copy, when the form takes over from it (NewComplaint). Then the rest of the texts follows.
    if (!hasDrawnCopy()) requestAnimationFrame(() => markAppInCharge());
    // Should the form never take over (its screen failed), the queue and the texts still come.
    window.setTimeout(markAppInCharge, 20_000);
    void appInCharge.then(() => loadTexts('first')).catch((error: unknown) => console.error('Could not load the texts', error));
    // The worker's registration (and workbox-window) is not needed to draw the first screen.
    void appInCharge
      .then(() => import('./shell/serviceWorker'))
      .then((m) => m.registerServiceWorker())
      .catch((error: unknown) => console.warn('Could not register the service worker; Puente will not open offline', error));
  },
  (error: unknown) => {
    // Not even the Spanish texts could be downloaded: only index.html's own words can explain it.
    console.error('Could not load the interface texts', error);
    document.getElementById('boot-failed')?.removeAttribute('hidden');
  },
);

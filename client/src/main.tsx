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
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { MechanismProvider } from './hooks/useMechanism';
import { SessionProvider } from './hooks/useSession';
import { i18nReady } from './i18n';
import { registerServiceWorker } from './shell/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');

i18nReady.then(
  () => {
    createRoot(root).render(
      <StrictMode>
        <BrowserRouter>
          <SessionProvider>
            <MechanismProvider>
              <App />
            </MechanismProvider>
          </SessionProvider>
        </BrowserRouter>
      </StrictMode>,
    );
    registerServiceWorker();
  },
  (error: unknown) => {
    // Not even the Spanish texts could be downloaded: only index.html's own words can explain it.
    console.error('Could not load the interface texts', error);
    document.getElementById('boot-failed')?.removeAttribute('hidden');
  },
);

/**
 * What the first screen waits for, asked for before anything else runs: main.tsx imports this module
 * first, so the texts (./i18n), the screen's code and its API answers start downloading before React
 * DOM and the router are even evaluated (half a second on a slow phone), all side by side. The public
 * answers may come from the service worker's kept copies (./shell/freshAnswers).
 */
import { prefetchGet } from './api/client';
import { withPublicMechanism } from './hooks/useMechanism';
import './i18n';
import { preloadScreen } from './screenLoaders';
import { FROM_KEPT_COPY, listenForFreshAnswers } from './shell/freshAnswers';

preloadScreen(window.location.pathname);
// On a repeat visit the public answers start from the worker's kept copies; fresher ones are announced.
listenForFreshAnswers();
// Every screen starts by asking who is logged in and what the mechanism is (MechanismProvider's path
// before the session is known).
prefetchGet('/api/session');
prefetchGet(withPublicMechanism('/api/mechanism'), FROM_KEPT_COPY);
// The complaint form also asks for the data policy and the files' limits as it opens: not after the session.
if (/^\/presentar-queja\/?$/.test(window.location.pathname)) {
  prefetchGet(withPublicMechanism('/api/data-policy'), FROM_KEPT_COPY);
  prefetchGet('/api/attachments/limits', FROM_KEPT_COPY);
}

/** Entry point: translations first, then the router, the session, the mechanism and the screens. */
import './i18n';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { MechanismProvider } from './hooks/useMechanism';
import { SessionProvider } from './hooks/useSession';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain #root');

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

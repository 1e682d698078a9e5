/**
 * Wraps the current screen: shows a loading line while its code downloads and, if the download or the
 * screen fails (weak signal, new deployment), an error with a button that reloads the page.
 */
import { Component, Suspense, type ReactNode } from 'react';
import i18n from '../i18n';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';

interface State {
  failed: boolean;
}

class Boundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return <ErrorMessage message={i18n.t('app:network.sceneFailed')} onRetry={() => window.location.reload()} />;
    }
    return this.props.children;
  }
}

/** Suspense plus error boundary for one screen; give it a `key` per route so it resets on navigation. */
export function SceneBoundary({ children }: { children: ReactNode }) {
  return (
    <Boundary>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </Boundary>
  );
}

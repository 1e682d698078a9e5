/**
 * "Hay una versión nueva de Puente": offers the update only when nothing in progress would be lost;
 * otherwise says it will be used later. Also marks the end of typing on a screen when the person moves on.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { UI_NAMESPACES } from '../i18n';
import { screenChanged, useFormInProgress } from './formsInProgress';
import { updateNow, useUpdateState } from './serviceWorker';

/** The update line under the header; renders nothing while there is no new version. */
export function UpdateNotice() {
  const { t } = useTranslation(UI_NAMESPACES);
  const update = useUpdateState();
  const busy = useFormInProgress();
  const { pathname } = useLocation();
  const [updating, setUpdating] = useState(false);

  useEffect(() => screenChanged(), [pathname]);

  if (update === 'none') return null;
  return (
    <div className="update-notice no-print" role="status">
      <p>
        {t('shell.updateReady')} {busy ? t('shell.updateAfterForm') : null}
      </p>
      {!busy && (
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={updating}
          onClick={() => {
            setUpdating(true);
            updateNow().catch((error: unknown) => {
              console.error('Could not switch to the new version', error);
              setUpdating(false);
            });
          }}
        >
          {t('shell.updateNow')}
        </button>
      )}
    </div>
  );
}

/**
 * "Hay una versión nueva de Puente": offers the update only when nothing in progress would be lost;
 * otherwise says it will be used later. Downloaded once the app is in charge of its first screen (the
 * layout marks the end of typing on a screen when the person moves on).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_NAMESPACES } from '../i18n';
import { useFormInProgress } from './formsInProgress';
import { updateNow, useUpdateState } from './updateState';

/** The update line under the header; renders nothing while there is no new version. */
export function UpdateNotice() {
  const { t } = useTranslation(UI_NAMESPACES);
  const update = useUpdateState();
  const busy = useFormInProgress();
  const [updating, setUpdating] = useState(false);

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

/**
 * Uploads chosen files to a case that already exists, one at a time (weak signal), each with its own
 * progress bar and, when it fails, its own message and retry. A failed upload never touches the case.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadAttachmentsResponse } from '../../../shared/types/intake';
import { toApiError } from '../api/client';
import { uploadFile } from '../api/upload';
import { formatBytes } from '../forms/format';
import { UI_NAMESPACES } from '../i18n';
import type { PendingFile } from './AttachmentPicker';
import '../styles/intake.css';
import '../styles/screens.css';

type UploadState = { kind: 'waiting' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'done' } | { kind: 'failed'; message: string };

/** Uploads `files` to `POST /api/cases/:caseId/attachments` as soon as it renders. */
export function UploadQueue({ caseId, files, onUploaded }: { caseId: string; files: PendingFile[]; onUploaded?: () => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  // The loop reads and writes the states here; `shown` is the copy React draws, taken at each change.
  const states = useRef(new Map<string, UploadState>());
  const [shown, setShown] = useState<ReadonlyMap<string, UploadState>>(() => new Map());
  const [pass, setPass] = useState(0);
  const running = useRef(false);
  const mounted = useRef(true);
  const latestFiles = useRef(files);
  const onUploadedRef = useRef(onUploaded);
  useLayoutEffect(() => {
    latestFiles.current = files;
    onUploadedRef.current = onUploaded;
  });

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (running.current) return;
    running.current = true;
    const set = (key: string, state: UploadState) => {
      states.current.set(key, state);
      if (mounted.current) setShown(new Map(states.current));
    };
    void (async () => {
      // Files added or retried while the loop runs are picked up by the next round.
      for (let round = true; round;) {
        round = false;
        for (const { key, file } of latestFiles.current) {
          const current = states.current.get(key);
          if (current && current.kind !== 'waiting') continue;
          round = true;
          set(key, { kind: 'uploading', loaded: 0, total: file.size });
          try {
            await uploadFile<UploadAttachmentsResponse>(`/api/cases/${caseId}/attachments`, file, ({ loaded, total }) =>
              set(key, { kind: 'uploading', loaded, total }),
            );
            set(key, { kind: 'done' });
            onUploadedRef.current?.();
          } catch (error) {
            set(key, { kind: 'failed', message: toApiError(error).message });
          }
        }
      }
      running.current = false;
    })();
  }, [caseId, files, pass]);

  function retry(key: string) {
    states.current.set(key, { kind: 'waiting' });
    setShown(new Map(states.current));
    setPass((n) => n + 1);
  }

  if (files.length === 0) return null;
  return (
    <ul className="file-list upload-list" aria-label={t('intakeUi:upload.title')}>
      {files.map(({ key, file }) => {
        const state = shown.get(key) ?? { kind: 'waiting' };
        return (
          <li key={key} className="file-item">
            <span className="file-name">{file.name}</span>
            <span className="hint">{formatBytes(file.size)}</span>
            {state.kind === 'uploading' && (
              <progress max={state.total || 1} value={state.loaded} aria-label={t('intakeUi:upload.progressOf', { name: file.name })} />
            )}
            <span className={`upload-status upload-${state.kind}`} role={state.kind === 'failed' ? 'alert' : undefined}>
              {state.kind === 'waiting' && t('intakeUi:upload.waiting')}
              {state.kind === 'uploading' && t('intakeUi:upload.uploading', { percent: Math.round((state.loaded / (state.total || 1)) * 100) })}
              {state.kind === 'done' && t('intakeUi:upload.done')}
              {state.kind === 'failed' && state.message}
            </span>
            {state.kind === 'failed' && (
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => retry(key)}
                aria-label={t('intakeUi:upload.retryNamed', { name: file.name })}
              >
                {t('intakeUi:upload.retry')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

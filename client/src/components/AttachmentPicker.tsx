/**
 * Choosing files for a case: photos (or the phone's camera), audio, PDF documents and a voice note
 * recorded here. The limits are shown before choosing and checked at once, so nobody waits for an
 * upload the server would refuse. Files are only held here; they are uploaded after the case exists.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import { UI_NAMESPACES } from '../i18n';
import { formatBytes } from '../forms/format';
import { VoiceRecorder } from './VoiceRecorder';

/** A file chosen for upload. */
export interface PendingFile {
  key: string;
  file: File;
}

/** What the file inputs accept; the server checks the content again. */
export const ACCEPTED_FILES = 'image/*,audio/*,application/pdf';

/** File inputs, camera, voice recorder and the list of chosen files with "remove". */
export function AttachmentPicker({
  files,
  onChange,
  limits,
  alreadyAttached = 0,
}: {
  files: PendingFile[];
  onChange: (files: PendingFile[]) => void;
  limits: AttachmentLimitsDto | undefined;
  /** Files the case already has; they count towards the limit. */
  alreadyAttached?: number;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const pickRef = useRef<HTMLInputElement>(null);
  const cameraRef = useRef<HTMLInputElement>(null);
  const room = limits ? limits.maxFilesPerCase - alreadyAttached - files.length : Infinity;

  function add(chosen: File[]) {
    const next = [...files];
    const refused: string[] = [];
    for (const file of chosen) {
      if (limits && file.size > limits.maxFileBytes) {
        refused.push(t('intakeUi:files.tooLarge', { name: file.name, size: formatBytes(limits.maxFileBytes) }));
      } else if (limits && next.length + alreadyAttached >= limits.maxFilesPerCase) {
        refused.push(t('intakeUi:files.tooMany', { name: file.name, count: limits.maxFilesPerCase }));
      } else {
        next.push({ key: crypto.randomUUID(), file });
      }
    }
    setProblems(refused);
    onChange(next);
  }

  function fromInput(input: HTMLInputElement | null) {
    if (!input?.files) return;
    add(Array.from(input.files));
    // Choosing the same file again after removing it must fire `change` again.
    input.value = '';
  }

  return (
    <div className="attachments">
      <p className="hint" id={`${id}-limits`}>
        {limits
          ? t('intakeUi:files.limits', { count: limits.maxFilesPerCase, size: formatBytes(limits.maxFileBytes) })
          : t('intakeUi:files.limitsLoading')}
      </p>
      <div className="button-row">
        <label className="button button-secondary file-button">
          <span aria-hidden="true">📷 </span>
          {t('intakeUi:files.camera')}
          <input
            ref={cameraRef}
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            aria-describedby={`${id}-limits`}
            disabled={room <= 0}
            onChange={() => fromInput(cameraRef.current)}
          />
        </label>
        <label className="button button-secondary file-button">
          <span aria-hidden="true">📎 </span>
          {t('intakeUi:files.pick')}
          <input
            ref={pickRef}
            className="visually-hidden"
            type="file"
            multiple
            accept={ACCEPTED_FILES}
            aria-describedby={`${id}-limits`}
            disabled={room <= 0}
            onChange={() => fromInput(pickRef.current)}
          />
        </label>
      </div>

      <VoiceRecorder disabled={room <= 0} onRecorded={(file) => add([file])} />

      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}

      {files.length > 0 && (
        <>
          <h3>{t('intakeUi:files.chosen', { count: files.length })}</h3>
          <ul className="file-list">
            {files.map(({ key, file }) => (
              <li key={key} className="file-item">
                <span className="file-name">{file.name}</span>
                <span className="hint">{formatBytes(file.size)}</span>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => onChange(files.filter((f) => f.key !== key))}
                  aria-label={t('intakeUi:files.removeNamed', { name: file.name })}
                >
                  {t('intakeUi:files.remove')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

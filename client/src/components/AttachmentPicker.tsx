/**
 * Choosing files for a case: photos (or the phone's camera), audio, PDF documents and a voice note
 * recorded here. The limits are shown before choosing, and every chosen file is checked on the phone
 * at once — its type by content and its size, with the server's own messages (media/fileCheck.ts) — so
 * nothing the server would refuse is ever filed, queued or sent. Photos are made lighter on the phone
 * first (media/photoResizer.ts) and the list says how much was saved. Files are only held here; they
 * are uploaded after the case exists.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentLimitsDto } from '../../../shared/types/intake';
import { UI_NAMESPACES } from '../i18n';
import { formatBytes } from '../forms/format';
import { prepareAttachment } from '../media/prepareAttachment';
import { VoiceRecorder } from './VoiceRecorder';
import '../styles/intake.css';
import '../styles/screens.css';

/** A file chosen for upload, as it will be sent. */
export interface PendingFile {
  key: string;
  file: File;
  /** Bytes of the file as chosen, when the phone made it lighter (a re-encoded photo). */
  originalSize?: number;
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
  const [preparing, setPreparing] = useState<string | null>(null);
  const pickRef = useRef<HTMLInputElement>(null);
  const cameraRef = useRef<HTMLInputElement>(null);
  // Choices are prepared one after another (photos take a moment); each starts from the list as the last left it.
  const latest = useRef(files);
  useLayoutEffect(() => {
    latest.current = files;
  }, [files]);
  const queue = useRef(Promise.resolve());
  const room = limits ? limits.maxFilesPerCase - alreadyAttached - files.length : Infinity;

  async function prepare(chosen: File[]) {
    const next = [...latest.current];
    const refused: string[] = [];
    for (const file of chosen) {
      if (limits && next.length + alreadyAttached >= limits.maxFilesPerCase) {
        refused.push(t('intakeUi:files.tooMany', { name: file.name, count: limits.maxFilesPerCase }));
        continue;
      }
      setPreparing(file.name);
      const prepared = await prepareAttachment(file, limits);
      if (!prepared.ok) refused.push(prepared.message);
      else next.push({ key: crypto.randomUUID(), file: prepared.file, originalSize: prepared.file === file ? undefined : prepared.originalSize });
    }
    setPreparing(null);
    setProblems(refused);
    latest.current = next;
    onChange(next);
  }

  function add(chosen: File[]) {
    queue.current = queue.current
      .then(() => prepare(chosen))
      .catch((error: unknown) => {
        // Reading a file can fail (it was moved or deleted meanwhile): say so, and keep the picker working.
        setPreparing(null);
        setProblems([t('errors:upload_failed')]);
        console.warn('a chosen file could not be prepared', error);
      });
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
        {limits ? t('intakeUi:files.limits', { count: limits.maxFilesPerCase, size: formatBytes(limits.maxFileBytes) }) : t('intakeUi:files.limitsLoading')}
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

      {preparing && (
        <p className="hint" role="status">
          {t('intakeUi:files.preparing', { name: preparing })}
        </p>
      )}

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
            {files.map(({ key, file, originalSize }) => (
              <li key={key} className="file-item">
                <span className="file-name">{file.name}</span>
                <span className="hint">
                  {originalSize && originalSize > file.size
                    ? t('intakeUi:files.reduced', { size: formatBytes(file.size), original: formatBytes(originalSize) })
                    : formatBytes(file.size)}
                </span>
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

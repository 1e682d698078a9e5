/**
 * Writing in the thread: text, photos and voice notes, and who may see it (only the visibilities the
 * server allows this reader). Each message gets its own client key when it is written, so sending it
 * again after a failure (weak signal, no signal) never posts it twice; unsent messages wait in an
 * outbox with their own retry, and go out by themselves when the phone is back online. The outbox is
 * kept on the device (outboxStore.ts), so a reload or a killed tab loses nothing either: the messages
 * come back and are sent again with the same keys.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageDto, MessageVisibility } from '../../../../../shared/types/dialogue';
import type { AttachmentLimitsDto } from '../../../../../shared/types/intake';
import { MESSAGE_MAX_LENGTH, postMessageSchema } from '../../../../../shared/validation/dialogue';
import { apiSend, toApiError } from '../../../api/client';
import { AttachmentPicker, type PendingFile } from '../../../components/AttachmentPicker';
import { CountedTextarea } from '../../../components/CountedTextarea';
import { Field } from '../../../components/Field';
import { checkWith, type FieldMessages } from '../../../forms/fieldMessages';
import { UI_NAMESPACES } from '../../../i18n';
import { loadOutbox, saveOutbox, type OutboxWriter, type StoredOutgoing } from './outboxStore';
import { entryLimits, uploadForEntry, type ReaderSide } from './steps';
import '../../../styles/cases.css';
import '../../../styles/screens.css';

interface Outgoing {
  clientKey: string;
  body: string;
  visibility: MessageVisibility;
  files: PendingFile[];
  /** Files already uploaded, by picked-file key. */
  uploaded: Map<string, string>;
  /** Files uploaded before the page was reloaded (their File objects are gone, their ids are not). */
  restoredIds: string[];
  /** Files that had not gone up when the page closed; they cannot be restored. Zero once the person sends it without them. */
  filesLost: number;
  /** Waits for the person instead of going out by itself: it would go without files they chose. */
  held: boolean;
  state: 'sending' | 'failed';
  failure?: string;
}

/** What is kept on the device: the text, the keys and the uploaded ids, never File blobs (localStorage holds only strings). */
function toStored(item: Outgoing): StoredOutgoing {
  const uploaded = item.files.flatMap(({ key }) => (item.uploaded.has(key) ? [item.uploaded.get(key)!] : []));
  return {
    clientKey: item.clientKey,
    body: item.body,
    visibility: item.visibility,
    attachmentIds: [...item.restoredIds, ...uploaded],
    filesLost: item.filesLost + item.files.length - uploaded.length,
  };
}

/** A message kept from an earlier page: sent again at once unless files it had are gone. */
function fromStored(stored: StoredOutgoing): Outgoing {
  const held = stored.filesLost > 0;
  return { ...stored, files: [], uploaded: new Map(), restoredIds: stored.attachmentIds, held, state: held ? 'failed' : 'sending' };
}

const fileCount = (item: Outgoing) => item.files.length + item.restoredIds.length + item.filesLost;

/** The composer and its outbox; `onSent` receives each message as the server stored it. */
export function Composer({
  caseId,
  writer,
  allowed,
  side,
  limits,
  onSent,
}: {
  caseId: string;
  /** Whose outbox this is on the device: the user id, or null for the receipt-key session. */
  writer: OutboxWriter;
  allowed: MessageVisibility[];
  side: ReaderSide;
  limits: AttachmentLimitsDto | undefined;
  onSent: (message: MessageDto) => void;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<MessageVisibility>(allowed[0] ?? 'parties');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [errors, setErrors] = useState<FieldMessages>({});
  // Read once: the panels give every writer and case a composer of its own (React key).
  const [outbox, setOutbox] = useState<Outgoing[]>(() => loadOutbox(writer, caseId).map(fromStored));
  const outboxRef = useRef(outbox);
  const onSentRef = useRef(onSent);
  useLayoutEffect(() => {
    outboxRef.current = outbox;
    onSentRef.current = onSent;
  });

  useEffect(() => {
    saveOutbox(writer, caseId, outbox.map(toStored));
  }, [writer, caseId, outbox]);

  // Adjusted while rendering, not in an effect a render later (react.dev: "adjusting state when a prop changes").
  if (!allowed.includes(visibility)) setVisibility(allowed[0] ?? 'parties');

  const update = (clientKey: string, change: Partial<Outgoing> | null) =>
    setOutbox((items) =>
      change === null ? items.filter((i) => i.clientKey !== clientKey) : items.map((i) => (i.clientKey === clientKey ? { ...i, ...change } : i)),
    );

  async function deliver(item: Outgoing) {
    // What goes out is what is left: once sent (or tried) without its lost files, a reload must not hold it for them again.
    update(item.clientKey, { state: 'sending', failure: undefined, held: false, filesLost: 0 });
    try {
      const uploaded = await uploadForEntry(caseId, 'message', item.files, item.uploaded);
      // Keep the new ids on the device before posting, in case the tab dies while it posts.
      if (uploaded.length > 0) update(item.clientKey, {});
      const attachmentIds = [...item.restoredIds, ...uploaded];
      const message = await apiSend<MessageDto>('POST', `/api/cases/${encodeURIComponent(caseId)}/messages`, {
        body: item.body,
        visibility: item.visibility,
        clientKey: item.clientKey,
        attachmentIds,
      });
      update(item.clientKey, null);
      onSentRef.current(message);
    } catch (error) {
      update(item.clientKey, { state: 'failed', failure: toApiError(error).message });
    }
  }

  // Messages kept from an earlier page go out once, as soon as the composer is back.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current) return;
    resumed.current = true;
    outboxRef.current.filter((i) => i.state === 'sending').forEach((i) => void deliver(i));
  });

  // Back online: send what waits, with the same client keys.
  useEffect(() => {
    const retryAll = () => outboxRef.current.filter((i) => i.state === 'failed' && !i.held).forEach((i) => void deliver(i));
    window.addEventListener('online', retryAll);
    return () => window.removeEventListener('online', retryAll);
  });

  function submit() {
    const clientKey = crypto.randomUUID();
    const problems = checkWith(postMessageSchema, { body, visibility, clientKey, attachmentIds: files.map((f) => f.key) });
    if (problems) {
      setErrors(problems);
      return;
    }
    setErrors({});
    const item: Outgoing = {
      clientKey,
      body: body.trim(),
      visibility,
      files,
      uploaded: new Map(),
      restoredIds: [],
      filesLost: 0,
      held: false,
      state: 'sending',
    };
    setOutbox((items) => [...items, item]);
    setBody('');
    setFiles([]);
    void deliver(item);
  }

  const explain = (v: MessageVisibility) => t(`dialogueUi:composer.explain.${side}.${v}`);

  return (
    <section aria-labelledby={`${id}-title`} className="composer">
      <h3 id={`${id}-title`}>{t('dialogueUi:composer.title')}</h3>
      {outbox.length > 0 && (
        <ul className="outbox" aria-label={t('dialogueUi:composer.outbox')}>
          {outbox.map((item) => (
            <li key={item.clientKey} className={`outbox-item outbox-${item.state}`}>
              <p className="thread-body">{item.body || t('dialogueUi:composer.filesOnly', { count: fileCount(item) })}</p>
              {item.state === 'sending' ? (
                <p className="hint">{t('dialogueUi:composer.sending')}</p>
              ) : (
                <div role="alert">
                  <p className="field-error">
                    {item.held
                      ? t('dialogueUi:composer.filesLost', { count: item.filesLost })
                      : t('dialogueUi:composer.notSent', { reason: item.failure ?? '' })}
                  </p>
                  <div className="button-row">
                    {(item.body !== '' || fileCount(item) > item.filesLost) && (
                      <button type="button" className="button button-secondary button-small" onClick={() => void deliver(item)}>
                        {item.held ? t('dialogueUi:composer.sendWithoutFiles') : t('dialogueUi:composer.retry')}
                      </button>
                    )}
                    <button type="button" className="button button-secondary button-small" onClick={() => update(item.clientKey, null)}>
                      {t('dialogueUi:composer.discard')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {allowed.length > 1 && (
          <fieldset className="choice-group">
            <legend>{t('dialogueUi:composer.whoSees')}</legend>
            {allowed.map((v) => (
              <label key={v} className="choice">
                <input type="radio" name={`${id}-visibility`} value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
                <span>
                  <strong>{t(`dialogueUi:composer.visibility.${side}.${v}`)}</strong>
                  <span className="hint"> {explain(v)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {allowed.length === 1 && <p className="hint">{explain(visibility)}</p>}
        <Field id={`${id}-body`} label={t('dialogueUi:composer.label')} error={errors.body}>
          {(control) => <CountedTextarea control={control} rows={3} value={body} onChange={setBody} maximum={MESSAGE_MAX_LENGTH} />}
        </Field>
        <details className="composer-files">
          <summary>{t('dialogueUi:composer.addFiles')}</summary>
          <AttachmentPicker files={files} onChange={setFiles} limits={entryLimits(limits)} />
        </details>
        {errors.attachmentIds && <p className="field-error">{errors.attachmentIds}</p>}
        <button type="submit" className="button button-primary">
          {t('dialogue:action.postMessage')}
        </button>
      </form>
    </section>
  );
}

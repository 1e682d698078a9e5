/**
 * Writing in the thread: text, photos and voice notes, and who may see it (only the visibilities the
 * server allows this reader). Each message gets its own client key when it is written, so sending it
 * again after a failure (weak signal, no signal) never posts it twice; unsent messages wait in an
 * outbox with their own retry, and go out by themselves when the phone is back online.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageDto, MessageVisibility } from '../../../../../shared/types/dialogue';
import type { AttachmentLimitsDto } from '../../../../../shared/types/intake';
import { MESSAGE_MAX_LENGTH, postMessageSchema } from '../../../../../shared/validation/dialogue';
import { apiSend, toApiError } from '../../../api/client';
import { AttachmentPicker, type PendingFile } from '../../../components/AttachmentPicker';
import { Field } from '../../../components/Field';
import { checkWith, type FieldMessages } from '../../../forms/fieldMessages';
import { UI_NAMESPACES } from '../../../i18n';
import { entryLimits, uploadForEntry, type ReaderSide } from './steps';

interface Outgoing {
  clientKey: string;
  body: string;
  visibility: MessageVisibility;
  files: PendingFile[];
  /** Files already uploaded, by picked-file key. */
  uploaded: Map<string, string>;
  state: 'sending' | 'failed';
  failure?: string;
}

/** The composer and its outbox; `onSent` receives each message as the server stored it. */
export function Composer({
  caseId,
  allowed,
  side,
  limits,
  onSent,
}: {
  caseId: string;
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
  const [outbox, setOutbox] = useState<Outgoing[]>([]);
  const outboxRef = useRef(outbox);
  outboxRef.current = outbox;
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  useEffect(() => {
    if (!allowed.includes(visibility)) setVisibility(allowed[0] ?? 'parties');
  }, [allowed, visibility]);

  const update = (clientKey: string, change: Partial<Outgoing> | null) =>
    setOutbox((items) => (change === null ? items.filter((i) => i.clientKey !== clientKey) : items.map((i) => (i.clientKey === clientKey ? { ...i, ...change } : i))));

  async function deliver(item: Outgoing) {
    update(item.clientKey, { state: 'sending', failure: undefined });
    try {
      const attachmentIds = await uploadForEntry(caseId, 'message', item.files, item.uploaded);
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

  // Back online: send what waits, with the same client keys.
  useEffect(() => {
    const retryAll = () => outboxRef.current.filter((i) => i.state === 'failed').forEach((i) => void deliver(i));
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
    const item: Outgoing = { clientKey, body: body.trim(), visibility, files, uploaded: new Map(), state: 'sending' };
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
              <p className="thread-body">{item.body || t('dialogueUi:composer.filesOnly', { count: item.files.length })}</p>
              {item.state === 'sending' ? (
                <p className="hint">{t('dialogueUi:composer.sending')}</p>
              ) : (
                <div role="alert">
                  <p className="field-error">{t('dialogueUi:composer.notSent', { reason: item.failure ?? '' })}</p>
                  <button type="button" className="button button-secondary button-small" onClick={() => void deliver(item)}>
                    {t('dialogueUi:composer.retry')}
                  </button>
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
          {(control) => (
            <textarea
              {...control}
              rows={3}
              maxLength={MESSAGE_MAX_LENGTH}
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
          )}
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

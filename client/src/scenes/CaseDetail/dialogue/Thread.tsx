/**
 * The case's thread: each entry with who wrote it (a role, and a name only when the server sent one),
 * when, who may see it, its files (photos shown, voice notes with a player), and the steps meetings,
 * agreements and commitments leave in it, worded in the reader's language.
 */
import { useTranslation } from 'react-i18next';
import type { MessageDto } from '../../../../../shared/types/dialogue';
import type { AttachmentDto } from '../../../../../shared/types/intake';
import type { DeadlineStage } from '../../../../../shared/types/deadlines';
import { bogotaDateTime, calendarDate, formatBytes } from '../../../forms/format';
import { UI_NAMESPACES } from '../../../i18n';
import type { ReaderSide } from './steps';
import '../../../styles/cases.css';
import '../../../styles/screens.css';

/** Files sent with a message or a report: photos as pictures, voice notes and audio with a player, documents as downloads. */
export function FileList({ files }: { files: readonly AttachmentDto[] }) {
  const { t } = useTranslation(UI_NAMESPACES);
  if (files.length === 0) return null;
  return (
    <ul className="entry-files">
      {files.map((file, index) => {
        const src = `/api/attachments/${file.id}`;
        const name = t('intakeUi:case.fileName', { kind: t(`intake:attachmentKind.${file.kind}`), number: index + 1 });
        return (
          <li key={file.id}>
            {file.kind === 'photo' && (
              <a href={src} download>
                <img src={src} alt={name} className="entry-photo" loading="lazy" />
              </a>
            )}
            {file.kind === 'audio' && (
              <audio controls preload="none" src={src} aria-label={name}>
                <a href={src} download>
                  {name}
                </a>
              </audio>
            )}
            {file.kind === 'document' && (
              <a href={src} download>
                {name}
              </a>
            )}
            <span className="hint"> {formatBytes(file.size)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Whether the reader wrote `m` (an anonymous complainant reads their own entries as "anonymous"). */
export function isMine(m: MessageDto, me: { userId: string | null; side: ReaderSide }): boolean {
  if (m.authorUserId !== null) return m.authorUserId === me.userId;
  return me.userId === null && me.side === 'complainant' && m.authorRole === 'anonymous';
}

function useEntryText() {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const day = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? calendarDate(value, i18n.language) : '');
  const stage = (value: unknown) => (typeof value === 'string' ? t(`deadlines:stage.${value as DeadlineStage}`) : '');
  return (m: MessageDto): string => {
    const data = m.data as Record<string, unknown>;
    const scheduledAt = typeof data.scheduledAt === 'string' ? bogotaDateTime(data.scheduledAt, i18n.language) : '';
    // Clock entries (Ley 1755) carry dates and stages as facts; they are worded here in the reader's language.
    const restarted = Array.isArray(data.deadlines) ? (data.deadlines as { stage: string; dueOn: string }[]) : [];
    const referral = (data.referral ?? {}) as { to?: string; note?: string };
    const text = t(`dialogue:entry.${m.kind}`, {
      ...data,
      // An extension's days are a plural ('1 día hábil').
      ...(m.kind === 'deadline_extended' ? { count: Number(data.days) } : {}),
      scheduledAt,
      reason: data.reason ?? '',
      version: data.version ?? '',
      place: data.place ?? '',
      score: data.score ?? '',
      stage: stage(data.stage),
      dueOn: day(data.dueOn),
      previousDueOn: day(data.previousDueOn),
      lapsesOn: day(data.lapsesOn),
      askedOn: day(data.askedOn),
      deadlines: restarted.map((d) => t('dialogue:entry.deadlineDue', { stage: stage(d.stage), dueOn: day(d.dueOn) })).join('; '),
      to: referral.to ?? '',
    });
    return referral.note ? `${text} ${t('dialogue:entry.referralNote', { note: referral.note })}` : text;
  };
}

/** One entry's author line: "You", or the role (and name when the server sent one). */
function useAuthorLabel(me: { userId: string | null; side: ReaderSide }) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (m: MessageDto): string => {
    if (isMine(m, me)) return t('dialogueUi:thread.you');
    const role = t(`dialogue:authorRole.${m.authorRole}`);
    return m.authorName ? t('dialogueUi:thread.nameAndRole', { name: m.authorName, role }) : role;
  };
}

/** The marker of who may see an entry, worded for the reader's side; none for entries everyone sees. */
function useVisibilityMarker(side: ReaderSide) {
  const { t } = useTranslation(UI_NAMESPACES);
  return (m: MessageDto): string | null => {
    if (m.visibility === 'ombudsman_private') return side === 'complainant' ? t('dialogueUi:marker.privateToYou') : t('dialogueUi:marker.privateToComplainant');
    if (m.visibility === 'internal') return t('dialogueUi:marker.internal');
    return null;
  };
}

/** The thread, oldest first; `firstUnread` marks where the reader stopped reading last time. */
export function Thread({ messages, me, firstUnread }: { messages: MessageDto[]; me: { userId: string | null; side: ReaderSide }; firstUnread: number | null }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const entryText = useEntryText();
  const authorLabel = useAuthorLabel(me);
  const marker = useVisibilityMarker(me.side);

  if (messages.length === 0) return <p>{t('dialogueUi:thread.empty')}</p>;
  return (
    <ol className="thread" aria-label={t('dialogueUi:thread.title')}>
      {messages.map((m) => {
        const visibilityMarker = marker(m);
        const mine = isMine(m, me);
        return (
          <li
            key={m.id}
            className={`thread-entry${m.kind === 'message' ? '' : ' thread-step'}${mine ? ' thread-mine' : ''}${m.visibility !== 'parties' ? ` thread-${m.visibility}` : ''}`}
            data-message-id={m.id}
          >
            {firstUnread === m.id && <p className="thread-unread-line">{t('dialogueUi:thread.newSince')}</p>}
            <p className="thread-meta">
              <strong>{authorLabel(m)}</strong>
              <span className="hint">
                {' · '}
                <time dateTime={m.createdAt}>{bogotaDateTime(m.createdAt, i18n.language)}</time>
              </span>
            </p>
            {visibilityMarker && (
              <p className={`marker visibility-marker visibility-${m.visibility}`}>
                <span aria-hidden="true">{m.visibility === 'internal' ? '🔒 ' : '🛡 '}</span>
                {visibilityMarker}
              </p>
            )}
            {m.kind === 'message' ? m.body && <p className="thread-body">{m.body}</p> : <p className="thread-body">{entryText(m)}</p>}
            <FileList files={m.attachments} />
            {m.duringMediation && <p className="hint">{t('dialogue:duringMediation')}</p>}
          </li>
        );
      })}
    </ol>
  );
}

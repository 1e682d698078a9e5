/**
 * The dialogue part of a case page, the same for every role and for an anonymous complainant on the
 * tracking page: the live thread with its composer, meetings, the agreement and its commitments, and
 * the outcome. Every action shown is one the server lists for this reader now.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageDto } from '../../../../../shared/types/dialogue';
import type { AttachmentLimitsDto } from '../../../../../shared/types/intake';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Loading } from '../../../components/Loading';
import { useAnnouncer } from '../../../hooks/useAnnouncer';
import { useApiQuery } from '../../../hooks/useApiQuery';
import { UI_NAMESPACES } from '../../../i18n';
import { Agreements } from './Agreements';
import { Composer } from './Composer';
import { Meetings } from './Meetings';
import { Outcome } from './Outcome';
import { isMine, Thread } from './Thread';
import type { ReaderSide } from './steps';
import { useCaseDialogue } from './useCaseDialogue';
import '../../../styles/cases.css';
import '../../../styles/screens.css';

/** The dialogue panels of case `caseId` for a reader (`userId` null: the receipt-key session). */
export function DialoguePanels({
  caseId,
  side,
  userId,
  onCaseUpdated,
}: {
  caseId: string;
  side: ReaderSide;
  userId: string | null;
  onCaseUpdated?: () => void;
}) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [announcement, announce] = useAnnouncer();
  const me = { userId, side };
  const limits = useApiQuery<AttachmentLimitsDto>('/api/attachments/limits');
  const live = useCaseDialogue(caseId, {
    markRead: userId !== null,
    onCaseUpdated,
    onArrived: (arrived: MessageDto[]) => {
      const fromOthers = arrived.filter((m) => !isMine(m, me));
      if (fromOthers.length > 0) announce(t('dialogueUi:thread.arrived', { count: fromOthers.length }));
    },
  });
  // Where the reader stopped last time, fixed when the page opened so the line does not jump.
  const [firstUnread, setFirstUnread] = useState<number | null | undefined>(undefined);
  const { dialogue } = live;
  if (dialogue && firstUnread === undefined) {
    setFirstUnread(userId === null ? null : (dialogue.messages.find((m) => m.id > dialogue.lastReadMessageId && !isMine(m, me))?.id ?? null));
  }

  if (!dialogue) {
    return live.error ? <ErrorMessage message={live.error.message} onRetry={() => void live.reload()} busy={live.loading} /> : <Loading />;
  }
  return (
    <>
      <section aria-labelledby="thread-title" className="panel">
        <h2 id="thread-title">{t('dialogueUi:thread.title')}</h2>
        {dialogue.ledByOmbudsman && <p className="marker">{t('dialogue:ledByOmbudsman')}</p>}
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        {live.error && <ErrorMessage message={live.error.message} onRetry={() => void live.reload()} busy={live.loading} />}
        <Thread messages={live.messages} me={me} firstUnread={firstUnread ?? null} />
        {dialogue.allowedActions.postMessage.length > 0 ? (
          <Composer
            key={`${userId ?? 'receipt'}:${caseId}`}
            caseId={caseId}
            writer={userId}
            allowed={dialogue.allowedActions.postMessage}
            side={side}
            limits={limits.data}
            onSent={live.add}
          />
        ) : (
          <p className="hint">{t('dialogueUi:composer.closed')}</p>
        )}
      </section>
      <Meetings caseId={caseId} dialogue={dialogue} onChanged={live.apply} />
      <Agreements caseId={caseId} dialogue={dialogue} limits={limits.data} onChanged={live.apply} />
      <Outcome caseId={caseId} dialogue={dialogue} onChanged={live.apply} />
    </>
  );
}

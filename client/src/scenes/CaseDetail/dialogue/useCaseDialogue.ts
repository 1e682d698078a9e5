/**
 * A case's dialogue as a page shows it, kept live: loads `GET /api/cases/:id/dialogue`, joins the case's
 * room, appends pushed entries, refetches when the case changes, and after every (re)connection fetches
 * `…/messages?after=<last id>` so nothing is missed and nothing shows twice (entries are kept by id).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DialogueDto, MessageDto, MessageListDto } from '../../../../../shared/types/dialogue';
import { apiGet, apiSend, isAbortError, toApiError, type ApiError } from '../../../api/client';
import { useCaseRoom, useSocketEvent } from '../../../realtime/socket';
import '../../../styles/cases.css';
import '../../../styles/screens.css';

/** What the dialogue panels need from the hook. */
export interface CaseDialogue {
  dialogue: DialogueDto | undefined;
  /** Every entry the reader may see, oldest first, each once. */
  messages: MessageDto[];
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** Shows the dialogue a write answered with (newer than the last fetch). */
  apply: (dialogue: DialogueDto) => void;
  /** Shows a message this page posted. */
  add: (message: MessageDto) => void;
}

/** Options of useCaseDialogue. */
export interface CaseDialogueOptions {
  /** Record read marks while the page is visible (accounts only: a receipt-key session has none). */
  markRead: boolean;
  /** The case changed (status, meeting, agreement…): the page may refetch the rest of the case too. */
  onCaseUpdated?: () => void;
  /** Entries that arrived live (for the screen reader announcement). */
  onArrived?: (messages: MessageDto[]) => void;
}

function merge(current: MessageDto[], incoming: readonly MessageDto[]): MessageDto[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The live dialogue of `caseId`. */
export function useCaseDialogue(caseId: string, options: CaseDialogueOptions): CaseDialogue {
  const [dialogue, setDialogue] = useState<DialogueDto>();
  const [messages, setMessages] = useState<MessageDto[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const lastId = useRef(0);
  const lastReadSent = useRef(0);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const inFlight = useRef<AbortController | null>(null);

  const take = useCallback((incoming: readonly MessageDto[]) => {
    setMessages((current) => merge(current, incoming));
    for (const m of incoming) lastId.current = Math.max(lastId.current, m.id);
  }, []);

  const reload = useCallback(async () => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoading(true);
    try {
      const fresh = await apiGet<DialogueDto>(`/api/cases/${encodeURIComponent(caseId)}/dialogue`, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setDialogue(fresh);
      take(fresh.messages);
      lastReadSent.current = Math.max(lastReadSent.current, fresh.lastReadMessageId);
      setError(null);
    } catch (err) {
      if (!isAbortError(err) && !controller.signal.aborted) setError(toApiError(err));
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, [caseId, take]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- another case must not show the last one's thread while its own loads
    setDialogue(undefined);
    setMessages([]);
    lastId.current = 0;
    lastReadSent.current = 0;
    void reload();
    return () => inFlight.current?.abort();
  }, [reload]);

  const catchUp = useCallback(async () => {
    // Before the first load there is nothing to catch up on: the load brings everything.
    if (lastId.current === 0) return void reload();
    try {
      let after = lastId.current;
      for (;;) {
        const page = await apiGet<MessageListDto>(`/api/cases/${encodeURIComponent(caseId)}/messages?after=${after}`);
        take(page.messages);
        if (page.messages.length === 0 || page.messages[page.messages.length - 1]!.id >= page.lastMessageId) break;
        after = page.messages[page.messages.length - 1]!.id;
      }
    } catch (err) {
      setError(toApiError(err));
    }
  }, [caseId, reload, take]);

  useCaseRoom(caseId, (reply) => {
    if (reply.ok && reply.lastMessageId > lastId.current) void catchUp();
  });

  useSocketEvent('case.message', (message) => {
    if (message.caseId !== caseId) return;
    const isNew = message.id > lastId.current;
    take([message]);
    if (isNew) optionsRef.current.onArrived?.([message]);
  });

  useSocketEvent('case.updated', ({ caseId: changed }) => {
    if (changed !== caseId) return;
    void reload();
    optionsRef.current.onCaseUpdated?.();
  });

  // Read marks: when the thread has news and the page is in front of the person.
  const newest = messages.length ? messages[messages.length - 1]!.id : 0;
  useEffect(() => {
    if (!options.markRead) return;
    const send = () => {
      if (document.visibilityState !== 'visible' || newest <= lastReadSent.current) return;
      lastReadSent.current = newest;
      apiSend('POST', `/api/cases/${encodeURIComponent(caseId)}/read`, { upTo: newest }).catch(() => {
        // Not recorded: the next visit tries again; nothing the person needs to do.
        lastReadSent.current = 0;
      });
    };
    send();
    document.addEventListener('visibilitychange', send);
    return () => document.removeEventListener('visibilitychange', send);
  }, [caseId, newest, options.markRead]);

  const apply = useCallback(
    (fresh: DialogueDto) => {
      setDialogue(fresh);
      take(fresh.messages);
    },
    [take],
  );

  return { dialogue, messages, error, loading, reload, apply, add: (m) => take([m]) };
}

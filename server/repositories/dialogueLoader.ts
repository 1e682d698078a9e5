/**
 * Everything the dialogue panels of a case page show, read for one reader in one go (the statements
 * run side by side): the first page of the thread they may see, where they stopped reading, the
 * meetings, agreements and commitments, the appeal window and the complainant's answer about the
 * resolution. Plain rows out; presenters/dialoguePresenter.ts shapes them.
 */
import type { Queryable } from '../db/database';
import type { CaseActor } from '../policies/casePolicy';
import type { ReaderView } from '../policies/messagePolicy';
import type { CaseRow } from './cases';
import { appealFacts, findSatisfaction, latestSatisfaction, type SatisfactionRow } from './satisfaction';
import { lastReadEntryId, lastVisibleEntryId, listVisibleEntries, type MessageRow } from './messages';
import { listAgreements, type AgreementRow } from './agreements';
import { listCommitments, type CommitmentRow } from './commitments';
import { listMeetings, type MeetingRow } from './meetings';

/** Most entries a page load sends; older ones stay reachable through `GET …/messages?after=`. */
const THREAD_PAGE = 500;

/** The rows of a case's dialogue as one reader may see them. */
export interface DialogueRows {
  messages: MessageRow[];
  lastMessageId: number;
  lastReadMessageId: number;
  meetings: MeetingRow[];
  agreements: AgreementRow[];
  commitments: CommitmentRow[];
  appeal: Awaited<ReturnType<typeof appealFacts>>;
  /** The answer about the current resolution, when the case is resolved and it was given. */
  current: SatisfactionRow | undefined;
  /** The answer shown: the current one, else the newest of any resolution; never for the company's side. */
  satisfaction: SatisfactionRow | undefined;
}

/** Reads case `c`'s dialogue for `reader` standing at `view` (who may see the case). */
export async function loadDialogueRows(db: Queryable, reader: CaseActor, view: ReaderView, c: CaseRow): Promise<DialogueRows> {
  const [messages, lastMessageId, lastReadMessageId, meetings, agreements, commitments, appeal] = await Promise.all([
    listVisibleEntries(db, reader, c.id, 0, THREAD_PAGE),
    lastVisibleEntryId(db, reader, c.id),
    reader.role === 'tracker' ? Promise.resolve(0) : lastReadEntryId(db, reader.id, c.id),
    listMeetings(db, c.id),
    listAgreements(db, c.id),
    listCommitments(db, c.id),
    appealFacts(db, c.id, c.status),
  ]);
  const current = c.status === 'resolved' && appeal.statusEventId ? await findSatisfaction(db, c.id, appeal.statusEventId) : undefined;
  const satisfaction = view.side === 'company' ? undefined : (current ?? (await latestSatisfaction(db, c.id)));
  return { messages, lastMessageId, lastReadMessageId, meetings, agreements, commitments, appeal, current, satisfaction };
}

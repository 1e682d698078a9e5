/**
 * The only way dialogue data leaves the server. A thread entry is presented for a reader's view (their
 * side of the case): the complainant's side stays unnamed to whoever may not know the complainant.
 */
import type { AgreementDto, CommitmentDto, DialogueDto, MeetingDto, MessageDto } from '../../shared/types/dialogue';
import { sideSeesIdentity, type CaseActor } from '../policies/casePolicy';
import { agreementActions, commitmentActions, dialogueActions, meetingActions, reopenUntil } from '../policies/dialoguePolicy';
import type { ReaderView } from '../policies/messagePolicy';
import type { CaseRow } from '../repositories/cases';
import type { MessageRow } from '../repositories/messages';
import type { LinkedFile } from '../repositories/linkedFiles';
import type { DialogueRows } from '../repositories/dialogueLoader';
import type { AttachmentDto } from '../../shared/types/intake';
import type { IdentityMode } from '../../shared/types/api';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openUserName } from '../repositories/users';

const COMPLAINANT_SIDE_ROLES = new Set(['complainant', 'facilitator', 'anonymous']);

/** A file sent with a message or a report; dates normalised as every other date of the API. */
function presentLinkedFile(f: LinkedFile): AttachmentDto {
  return { id: f.id, kind: f.kind, mime: f.mime, size: Number(f.size), createdAt: new Date(f.createdAt).toISOString() };
}

/** One thread entry for a reader standing at `view` in a case with this identity mode. */
export function presentMessage(row: MessageRow, view: ReaderView, identityMode: IdentityMode, cipher: FieldCipher): MessageDto {
  const hideAuthor = COMPLAINANT_SIDE_ROLES.has(row.authorRole) && !sideSeesIdentity(view.side, identityMode);
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    authorUserId: hideAuthor ? null : row.authorUserId,
    authorName: hideAuthor ? null : openUserName(cipher, row.authorUserId, row.authorNameCiphertext),
    authorRole: row.authorRole,
    visibility: row.visibility,
    body: row.body,
    attachments: row.attachments.map(presentLinkedFile),
    data: row.data,
    duringMediation: row.duringMediation,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Presents everything the dialogue panels of the case page show (repositories/dialogueLoader.ts read it) for `reader`. */
export function presentDialogue(rows: DialogueRows, cipher: FieldCipher, reader: CaseActor, view: ReaderView, c: CaseRow, now: Date): DialogueDto {
  const { messages, lastMessageId, lastReadMessageId, meetings, agreements, commitments, appeal, current, satisfaction } = rows;
  const pending = agreements.find((a) => a.status === 'proposed');

  const presentCommitment = (k: (typeof commitments)[number]): CommitmentDto => ({
    id: k.id,
    owner: k.owner,
    description: k.description,
    dueOn: k.dueOn,
    status: k.status,
    evidence: k.evidence,
    evidenceAttachments: k.evidenceAttachments.map(presentLinkedFile),
    reportedAt: k.reportedAt?.toISOString() ?? null,
    confirmedAt: k.confirmedAt?.toISOString() ?? null,
    disputedReason: k.disputedReason,
    disputedAt: k.disputedAt?.toISOString() ?? null,
    verifiedAt: k.verifiedAt?.toISOString() ?? null,
    allowedActions: commitmentActions(reader, c, k),
  });
  const presentedAgreements: AgreementDto[] = agreements.map((a) => ({
    id: a.id,
    version: a.version,
    proposedByRole: a.proposedByRole,
    duringMediation: a.duringMediation,
    text: a.text,
    status: a.status,
    complainantDecision: a.complainantDecision,
    complainantDecidedAt: a.complainantDecidedAt?.toISOString() ?? null,
    companyDecision: a.companyDecision,
    companyDecidedAt: a.companyDecidedAt?.toISOString() ?? null,
    rejectionReason: a.rejectionReason,
    createdAt: a.createdAt.toISOString(),
    commitments: commitments.filter((k) => k.agreementId === a.id).map(presentCommitment),
    allowedActions: agreementActions(reader, c, a),
  }));
  const presentedMeetings: MeetingDto[] = meetings.map((m) => ({
    id: m.id,
    scheduledAt: m.scheduledAt.toISOString(),
    place: m.place,
    agenda: m.agenda,
    scheduledByRole: m.scheduledByRole,
    attendees: m.attendees,
    minutes: m.minutes,
    minutesRecordedAt: m.minutesRecordedAt?.toISOString() ?? null,
    minutesAgreedByComplainantAt: m.minutesAgreedByComplainantAt?.toISOString() ?? null,
    minutesAgreedByCompanyAt: m.minutesAgreedByCompanyAt?.toISOString() ?? null,
    allowedActions: meetingActions(reader, c, m),
  }));
  return {
    caseId: c.id,
    status: c.status,
    ledByOmbudsman: c.status === 'in_mediation',
    messages: messages.map((m) => presentMessage(m, view, c.identityMode, cipher)),
    lastMessageId,
    lastReadMessageId,
    meetings: presentedMeetings,
    agreements: presentedAgreements,
    satisfaction: satisfaction ? { score: satisfaction.score, comment: satisfaction.comment, createdAt: satisfaction.createdAt.toISOString() } : null,
    reopenUntil: reopenUntil(c, appeal),
    allowedActions: dialogueActions(reader, c, { pending, rated: current !== undefined, appeal, now }),
  };
}

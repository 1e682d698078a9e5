/**
 * A whole case as one reader may see it (`CaseDetailDto`). Like the summary presenter, it decrypts the
 * identity only when policies show it (a protected one only during a granted reveal), and shows contact details, the document number and the map point
 * only to the ombudsman and the complainant's own side. History shows role labels, never names.
 */
import type { TFunction } from 'i18next';
import { transitionFor, type CaseAction } from '../../shared/caseLifecycle';
import {
  VERBAL_PETITION_EVENT,
  type CaseDetailDto,
  type CalendarChangeDto,
  type CaseHistoryEntryDto,
  type ReferralDto,
  type VerbalPetitionData,
  type VerbalPetitionDto,
} from '../../shared/types/intake';
import type { Language } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import { allowedActions, allowedOperations, canSeeContact, identityShown, type CaseActor } from '../policies/casePolicy';
import type { AttachmentRecord } from '../repositories/attachments';
import type { CaseDetailRow, CaseEventRecord } from '../repositories/cases';
import { localized, presentCaseHeading, type ComplainantIdentity } from './casePresenter';
import { presentAttachment } from './attachmentPresenter';
import { casePlace } from '../crypto/sealedColumns';

function actorLabel(role: CaseEventRecord['actorRole'], t: TFunction): string {
  if (role === 'anonymous' || role === 'system') return t(`intake:actor.${role}`);
  return t(`domain:role.${role}`);
}

/** What a `deadlines.recalculated` event shows: the change, each deadline's old and new date, and an information request's. */
function calendarChangeOf(event: CaseEventRecord): CalendarChangeDto | undefined {
  if (event.kind !== 'deadlines.recalculated') return undefined;
  const change = event.data.change as Omit<CalendarChangeDto, 'deadlines'>;
  const deadlines = event.data.deadlines as (CalendarChangeDto['deadlines'][number] & { deadlineId: string })[];
  const request = event.data.informationRequest as CalendarChangeDto['informationRequest'];
  return {
    ...change,
    deadlines: deadlines.map(({ stage, previousDueOn, dueOn }) => ({ stage, previousDueOn, dueOn })),
    ...(request ? { informationRequest: { previousLapsesOn: request.previousLapsesOn, lapsesOn: request.lapsesOn } } : {}),
  };
}

/** What a verbal petition's record needs besides its own entry, already cut to what the reader may see. */
interface RecordContext {
  row: CaseDetailRow;
  attachments: AttachmentRecord[];
  filedFor: string;
  /** Whether the reader may see who received the petition by name (never the company: a social leader's name can endanger them). */
  seesReceiverName: boolean;
  language: Language;
}

/** The Decreto 1166 record of a verbal petition, for one reader. */
function presentVerbalPetition(event: CaseEventRecord, context: RecordContext, t: TFunction): VerbalPetitionDto {
  const data = event.data as unknown as VerbalPetitionData;
  const { row } = context;
  const role = t(`domain:role.${data.receivedBy.role}`);
  const files = { photo: 0, audio: 0, document: 0 };
  for (const a of context.attachments) files[a.kind] += 1;
  const topics = data.categoryCodes.map((code) => row.categories.find((c) => c.code === code)).filter((c) => c !== undefined);
  return {
    reference: row.reference,
    receivedAt: data.receivedAt,
    filedAt: event.createdAt.toISOString(),
    receivedBy: context.seesReceiverName ? `${data.receivedBy.name} (${role})` : role,
    filedFor: context.filedFor,
    subject: topics.map((c) => localized(c.name, context.language)).join(', '),
    grounds: row.description,
    groundsByVoice: row.voiceNoteKey !== null,
    hopedOutcome: row.hopedOutcome,
    declaredFiles: data.declaredFiles,
    receivedFiles: files,
    consentHow: data.consentHow,
    policyConsent: data.policyConsent ?? 'read',
    givenVerbally: true,
  };
}

function presentEvent(event: CaseEventRecord, t: TFunction, record: RecordContext): CaseHistoryEntryDto {
  const referral = event.data.referral as ReferralDto | undefined;
  const calendarChange = calendarChangeOf(event);
  return {
    at: event.createdAt.toISOString(),
    kind: event.kind,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorRole: event.actorRole,
    actorLabel: actorLabel(event.actorRole, t),
    // A verbal petition is always received for someone else.
    onBehalf: event.actorRole === 'facilitator' || Boolean(event.data.onBehalf) || event.kind === VERBAL_PETITION_EVENT,
    reason: event.reason,
    ...(referral ? { referral: { to: referral.to, ...(referral.note ? { note: referral.note } : {}) } } : {}),
    ...(event.kind === VERBAL_PETITION_EVENT ? { verbalPetition: presentVerbalPetition(event, record, t) } : {}),
    ...(calendarChange ? { calendarChange } : {}),
  };
}

/** The case page for `reader`; history and attachments are loaded by the caller. */
export function presentCaseDetail(
  row: CaseDetailRow,
  history: CaseEventRecord[],
  attachments: AttachmentRecord[],
  reader: CaseActor,
  cipher: FieldCipher,
  language: Language,
  t: TFunction,
  /** Whether a reveal granted to the reader lasts now (a protected identity is masked otherwise). */
  revealed = false,
): CaseDetailDto {
  const identity =
    row.identityCiphertext && identityShown(reader, row, revealed)
      ? cipher.open<ComplainantIdentity>(row.identityCiphertext, casePlace(row.id, 'identity'))
      : null;
  const contact = canSeeContact(reader, row);
  const actions = allowedActions(reader, row);
  const requirements: CaseDetailDto['actionRequirements'] = {};
  for (const action of actions as CaseAction[]) {
    const transition = transitionFor(action);
    requirements[action] = { reason: transition.requiresReason, referral: Boolean(transition.requiresReferral) };
  }
  const liaison = reader.role === 'liaison';
  const groupName = row.isCollective ? row.groupName : null;
  const record: RecordContext = {
    row,
    attachments,
    filedFor: groupName ?? identity?.name ?? (row.identityMode === 'anonymous' ? t('domain:complainant.anonymous') : t('domain:complainant.reserved')),
    seesReceiverName: contact,
    language,
  };
  return {
    ...presentCaseHeading(row, language),
    municipality: { id: row.municipalityId, name: row.municipality },
    vereda: row.vereda,
    placeDetail: row.placeDetail,
    location: contact ? cipher.openNullable<{ latitude: number; longitude: number }>(row.locationCiphertext, casePlace(row.id, 'location')) : null,
    whatHappened: row.description,
    hopedOutcome: row.hopedOutcome,
    voiceAccount: row.voiceNoteKey
      ? { attachment: ((a) => (a ? presentAttachment(a) : null))(attachments.find((a) => a.clientKey === row.voiceNoteKey)) }
      : null,
    occurredOn: row.occurredOn,
    identityMode: row.identityMode,
    complainantName: identity?.name ?? null,
    complainant: identity
      ? {
          name: identity.name,
          ...(contact && identity.documentId ? { documentId: identity.documentId } : {}),
          ...(contact && identity.phone ? { phone: identity.phone } : {}),
          ...(contact && identity.email ? { email: identity.email } : {}),
        }
      : null,
    contactPreference: liaison && row.identityMode !== 'named' ? null : row.contactPreference,
    collective:
      row.isCollective && row.groupName && row.groupKind && row.groupSize !== null
        ? { groupName: row.groupName, groupKind: row.groupKind, groupSize: row.groupSize }
        : null,
    redFlag: liaison ? false : row.redFlagRaised,
    interpreterLanguage: row.filingLanguage,
    redFlagReleased: liaison ? false : row.redFlagRaised && !row.redFlag,
    escalationLevel: row.escalationLevel,
    consentPolicyVersion: row.consentPolicyVersion,
    // An officer who received a verbal petition files for the person without becoming a party (filedByUserId).
    filedOnBehalf: row.filedByUserId !== null || history.some((e) => e.kind === 'cases.filed' && Boolean(e.data.onBehalf)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: history.map((event) => presentEvent(event, t, record)),
    attachments: attachments.map(presentAttachment),
    allowedActions: actions,
    allowedOperations: allowedOperations(reader, row),
    actionRequirements: requirements,
  };
}

/**
 * JSON-schema fragments of what the API answers, for the OpenAPI document. The DTOs in shared/types are
 * TypeScript types, not zod, so nothing can generate these at run time; instead each fragment is
 * written against its type with `dto<T>()`, which the compiler checks key by key: a DTO that gains,
 * loses or renames a field, or makes one optional, no longer compiles here until its fragment follows.
 * Field types are described one level deep (nested DTOs by reference, the rest as plain objects):
 * enough for an integrator to see the shape, cheap enough to keep up to date.
 */
import { CASE_ACTIONS, CASE_STATUSES } from '../../../shared/caseLifecycle';
import { LANGUAGES, ROLES } from '../../../shared/roles';
import type { ChannelOutboxEntryDto, ChannelOutboxListDto, OutboxEntryDto, OutboxListDto, OutboxRetryAllDto } from '../../../shared/types/outbox';
import type { AdminOverviewDto, CaseListDto, CaseSummaryDto, ErrorBody, MechanismDto, ReadinessDto, SessionInfo, SessionUser } from '../../../shared/types/api';
import type { ClaimResult, InvitationDto, PasswordResetRequested, ProfileDto } from '../../../shared/types/accounts';
import type {
  AdminCategoryDto,
  AdminClipDto,
  AdminClipListDto,
  AdminCompanyDto,
  AdminMechanismDto,
  AdminMunicipalityDto,
  AdminUserDto,
  DataPolicyDto as AdminDataPolicyDto,
  InvitationSent,
  RecoveryLinkDto,
} from '../../../shared/types/admin';
import { DEADLINE_STAGES, PETITION_KINDS, type CaseDeadlineDto, type CaseDeadlinesDto, type DeadlinePolicyInfoDto } from '../../../shared/types/deadlines';
import type { NationalHolidayDto, NationalHolidaysDto } from '../../../shared/types/holidays';
import type { DialogueDto, MessageDto, MessageListDto } from '../../../shared/types/dialogue';
import type { AttachmentDto, AttachmentLimitsDto, CaseDetailDto, DataPolicyDto, FileComplaintResponse, UploadAttachmentsResponse } from '../../../shared/types/intake';
import type { NotificationListDto } from '../../../shared/types/notifications';
import type { HabeasRequestDto } from '../../../shared/types/habeas';
import { HABEAS_OUTCOMES, HABEAS_REQUEST_KINDS } from '../../../shared/habeas';
import type { CaseAuditDto, OverseenMechanismsDto, OversightCaseListDto, OversightSummaryDto, ScorecardsDto, TransparencyDto } from '../../../shared/types/oversight';
import type { AuditDigestListDto } from '../../../shared/types/audit';
import type { AdminLanguageListDto, LanguageTextsDto, TranslationImportDto } from '../../../shared/languages';
import type { EffectivenessDto } from '../../../shared/types/effectiveness';
import type { CaseReferralsDto } from '../../../shared/types/referrals';
import { RECURRENCE_KINDS, type AdminRootCausesDto, type CaseLearningDto, type JoinedCollectiveDto, type PublicCollectiveDto, type PublicCollectiveListDto, type RecurrenceDto, type RelatedCasesDto, type SignatoryListDto } from '../../../shared/types/learning';
import type { IdentityCustodyDto, ReprisalFileDto, ReprisalReportReceiptDto } from '../../../shared/types/custody';
import { MESSAGE_VISIBILITIES, THREAD_ENTRY_KINDS } from '../../../shared/types/dialogue';
import type { Open311Service } from '../../../shared/types/open311';
// The published record schema itself (docs/schema), so the API description and the proposal are one text.
import grievanceRecordV1 from '../../../docs/schema/grievance-record.v1.json';

/** A JSON-schema object. */
export type Schema = Record<string, unknown>;

// Marks an optional property; a symbol key never reaches the JSON document.
const OPTIONAL: unique symbol = Symbol('optional');
type Required = Schema & { [OPTIONAL]?: undefined };
type Optional = Schema & { [OPTIONAL]: true };
/** One fragment per key of T: optional keys must be wrapped in opt(), required ones must not. */
type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? Optional : Required };

function dto<T>(description: string, shape: Shape<T>): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, fragment] of Object.entries(shape) as [string, Required | Optional][]) {
    properties[key] = fragment;
    if (!fragment[OPTIONAL]) required.push(key);
  }
  return { type: 'object', description, required, properties };
}

const opt = (schema: Schema): Optional => ({ ...schema, [OPTIONAL]: true });
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const num: Schema = { type: 'number' };
const bool: Schema = { type: 'boolean' };
const uuid: Schema = { type: 'string', format: 'uuid' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const day: Schema = { type: 'string', format: 'date' };
const obj = (description: string): Schema => ({ type: 'object', description });
const oneOf = (values: readonly (string | boolean)[]): Schema => ({ enum: [...values] });
const list = (items: Schema): Schema => ({ type: 'array', items });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
/** A reference to another fragment of this file (the document test checks every reference resolves). */
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const named = { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: str } };
/** A municipality's square on the oversight map, or null when it has none. */
const mapPosition = nullable({
  type: 'object',
  description: 'Square on the oversight map: column from the west, row from the north, from 0.',
  required: ['column', 'row'],
  properties: { column: { ...int, minimum: 0 }, row: { ...int, minimum: 0 } },
});
const status = oneOf(CASE_STATUSES);
const caseActions = list(oneOf(CASE_ACTIONS));
const role = oneOf(ROLES);
const language = oneOf(LANGUAGES);

const ErrorBodySchema = dto<ErrorBody>('Every error: a stable code, a message in the caller’s language, and the fields at fault for a 400.', {
  error: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', description: 'Stable, English (e.g. validation_failed, not_found, csrf_failed, case_closed).' },
      message: { type: 'string', description: 'Translated (the user’s language, else Accept-Language, else Spanish).' },
      fields: list({ type: 'object', required: ['field', 'message'], properties: { field: str, message: str } }),
    },
  },
});

const sessionUser = dto<SessionUser>('The logged-in user.', {
  id: uuid,
  role,
  displayName: str,
  email: nullable(str),
  language,
  mechanismId: uuid,
  company: nullable(named),
});

/** Every response schema, by the name the document gives it under components.schemas. */
export const RESPONSE_SCHEMAS = {
  ErrorBody: ErrorBodySchema,
  SessionUser: sessionUser,
  SessionInfo: dto<SessionInfo>('Who is logged in (null for a visitor) and the token every write must send as x-csrf-token.', {
    user: nullable(ref('SessionUser')),
    csrfToken: str,
  }),
  Health: { type: 'object', required: ['status', 'database'], properties: { status: { const: 'ok' }, database: oneOf(['embedded', 'server']) } },
  Liveness: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  ReadinessDto: dto<ReadinessDto>('Whether this server should get requests: the database answers and no shutdown has begun (503 otherwise, with Retry-After).', {
    ready: bool,
    database: oneOf(['up', 'down']),
    draining: bool,
  }),
  MechanismDto: dto<MechanismDto>('The mechanism and the lists a complaint form needs, in the caller’s language.', {
    id: uuid,
    name: str,
    region: str,
    referencePrefix: str,
    companies: list(obj('CompanyDto: id, name, slug')),
    categories: list(obj('CategoryDto: id, code, icon, name, description, redFlag')),
    municipalities: list(obj('MunicipalityDto: id, name, daneCode, veredas[]')),
    spokenHelp: obj('SpokenHelpDto: language, clips (clip key → address of its recording, e.g. "step.what" → /api/clips/{mechanismId}/es/step.what?v=…)'),
    languages: list(obj('MechanismLanguageDto: code (ISO 639), name, mode (written | audio_first)')),
  }),
  DataPolicyDto: dto<DataPolicyDto>('The data-treatment policy in the caller’s language, with its short plain version (null when it has none).', {
    version: str,
    text: str,
    summary: nullable(str),
    publishedAt: dateTime,
  }),
  FileComplaintResponse: dto<FileComplaintResponse>(
    'The filed case. receiptKey is shown once, to a filer without an account; a key made on the device (deviceReceipt) is never sent back: receiptKeyFromDevice and the provisionalCode say so.',
    {
      caseId: uuid,
      reference: str,
      receiptKey: opt(str),
      receiptKeyAlreadyShown: opt(bool),
      provisionalCode: opt(str),
      receiptKeyFromDevice: opt(bool),
      status,
      alreadyFiled: bool,
    },
  ),
  AttachmentDto: dto<AttachmentDto>('A stored file (download it from /api/attachments/{id}).', {
    id: uuid,
    kind: oneOf(['photo', 'audio', 'document']),
    mime: str,
    size: int,
    createdAt: dateTime,
  }),
  UploadAttachmentsResponse: dto<UploadAttachmentsResponse>('The files just stored.', { attachments: list(ref('AttachmentDto')) }),
  AttachmentLimitsDto: dto<AttachmentLimitsDto>('Upload limits.', { maxFileBytes: int, maxFilesPerCase: int, accepted: list(str) }),
  CaseSummaryDto: dto<CaseSummaryDto>('A case in a list, as the reader may see it.', {
    id: uuid,
    reference: str,
    status,
    company: nullable(named),
    categories: list(obj('code, icon, name')),
    municipality: str,
    identityMode: oneOf(['named', 'confidential', 'anonymous']),
    complainantName: nullable(str),
    isCollective: bool,
    redFlag: bool,
    interpreterLanguage: nullable(str),
    escalationLevel: int,
    summary: str,
    createdAt: dateTime,
    updatedAt: dateTime,
    allowedActions: caseActions,
    unreadCount: int,
    deadline: nullable(obj('DeadlineBadgeDto: stage, dueOn, businessDaysLeft, responsible, paused')),
  }),
  CaseListDto: dto<CaseListDto>('A page of the caller’s queue.', { cases: list(ref('CaseSummaryDto')), total: int }),
  CaseDetailDto: dto<CaseDetailDto>('One case as the reader may see it; identity only when the policy allows.', {
    id: uuid,
    reference: str,
    status,
    company: nullable(named),
    categories: list(obj('code, icon, name')),
    municipality: named,
    vereda: nullable(obj('id, name, kind')),
    placeDetail: nullable(str),
    location: nullable(obj('latitude, longitude')),
    whatHappened: str,
    hopedOutcome: nullable(str),
    voiceAccount: nullable(obj('The account is a voice note: { attachment: AttachmentDto | null } (play it from /api/attachments/{id})')),
    occurredOn: nullable(day),
    identityMode: oneOf(['named', 'confidential', 'anonymous']),
    complainantName: nullable(str),
    complainant: nullable(obj('ComplainantDto: name, documentId?, phone?, email?')),
    contactPreference: nullable(oneOf(['phone', 'whatsapp', 'email', 'facilitator', 'none'])),
    collective: nullable(obj('groupName, groupKind, groupSize')),
    redFlag: bool,
    redFlagReleased: bool,
    interpreterLanguage: nullable(str),
    escalationLevel: int,
    consentPolicyVersion: nullable(str),
    filedOnBehalf: bool,
    createdAt: dateTime,
    updatedAt: dateTime,
    history: list(obj('CaseHistoryEntryDto: at, kind, fromStatus, toStatus, actorRole, actorLabel, onBehalf, reason, referral?, verbalPetition? (VerbalPetitionDto: reference, receivedAt, filedAt, receivedBy, filedFor, subject, grounds, groundsByVoice, hopedOutcome, declaredFiles, receivedFiles, consentHow, policyConsent, givenVerbally), calendarChange? (deadlines.recalculated: scope, date, kind, undone, deadlines[stage, previousDueOn, dueOn], informationRequest? {previousLapsesOn, lapsesOn})')),
    attachments: list(ref('AttachmentDto')),
    allowedActions: caseActions,
    allowedOperations: list(oneOf(['route', 'release_red_flag', 'attach'])),
    actionRequirements: obj('Per action: { reason: boolean, referral: boolean }'),
  }),
  MessageDto: dto<MessageDto>('An entry of the thread (a message or a recorded step), with the files sent with it.', {
    id: int,
    caseId: uuid,
    kind: oneOf(THREAD_ENTRY_KINDS),
    authorUserId: nullable(uuid),
    authorName: nullable(str),
    authorRole: oneOf(['complainant', 'facilitator', 'liaison', 'ombudsman', 'anonymous', 'system']),
    visibility: oneOf(MESSAGE_VISIBILITIES),
    body: nullable(str),
    attachments: list(ref('AttachmentDto')),
    data: obj('Details of a recorded step'),
    duringMediation: bool,
    createdAt: dateTime,
  }),
  MessageListDto: dto<MessageListDto>('Thread entries after a given id.', { messages: list(ref('MessageDto')), lastMessageId: int }),
  DialogueDto: dto<DialogueDto>('The whole dialogue as the reader sees it; every dialogue write answers with it.', {
    caseId: uuid,
    status,
    ledByOmbudsman: bool,
    messages: list(ref('MessageDto')),
    lastMessageId: int,
    lastReadMessageId: int,
    meetings: list(obj('MeetingDto: id, scheduledAt, place, agenda, attendees, minutes, …, allowedActions')),
    agreements: list(obj('AgreementDto: id, version, text, status, decisions, commitments[] (CommitmentDto with evidenceAttachments[]), allowedActions')),
    satisfaction: nullable(obj('score, comment, createdAt')),
    reopenUntil: nullable(day),
    allowedActions: obj('postMessage (visibilities), proposeAgreement, scheduleMeeting, rate, reopen, startMediation'),
  }),
  ReadMark: { type: 'object', required: ['lastReadMessageId'], properties: { lastReadMessageId: int } },
  InvitationDto: dto<InvitationDto>('An invitation, shown before it is accepted.', {
    email: str,
    displayName: str,
    role,
    mechanismName: str,
    companyName: nullable(str),
    language,
  }),
  PasswordResetRequested: dto<PasswordResetRequested>('Always the same answer, known address or not.', { accepted: { const: true } }),
  ProfileDto: dto<ProfileDto>('The caller’s own account.', {
    id: uuid,
    role,
    displayName: str,
    email: nullable(str),
    phone: nullable(str),
    language,
    emailPreferences: obj('E-mail kind → on/off'),
  }),
  ClaimResult: dto<ClaimResult>('The case now followed by the account.', { caseId: uuid, reference: str }),
  AdminOverviewDto: dto<AdminOverviewDto>('The administrator’s overview of a mechanism.', {
    mechanism: obj('id, name, referencePrefix'),
    companies: list(obj('CompanyDto with liaisons and cases counts')),
    users: list(obj('id, displayName, email, role, company, active')),
    casesByStatus: obj('Status → count'),
    failedEmails: int,
  }),
  AdminClipDto: dto<AdminClipDto>('A spoken-help clip key: what it should say, and its recording (null while missing).', {
    key: str,
    text: str,
    recording: nullable(obj('mime, size, updatedAt, url')),
  }),
  AdminClipListDto: dto<AdminClipListDto>('Every spoken-help clip key of the mechanism in a language, and the keys still without a recording.', {
    language: str,
    clips: list(ref('AdminClipDto')),
    missing: list(str),
  }),
  AdminLanguageListDto: dto<AdminLanguageListDto>('The languages a mechanism offers, Spanish first, with how far each one’s texts and spoken-help clips are.', {
    languages: list(obj('AdminLanguageDto: code, name, mode (written | audio_first), builtIn, translated, totalTexts, clipsRecorded, totalClips')),
  }),
  TranslationImportDto: dto<TranslationImportDto>('What an imported translation gave: texts translated of the total, the keys left in Spanish (missing) and the keys no text has (unknown, ignored).', {
    language: str,
    translated: int,
    total: int,
    missing: list(str),
    unknown: list(str),
  }),
  LanguageTextsDto: dto<LanguageTextsDto>('A language’s imported texts as i18next resources (namespace → nested keys); a key without a text shows in Spanish.', {
    language: str,
    texts: obj('namespace → nested texts'),
  }),
  AdminMechanismDto: dto<AdminMechanismDto>('A mechanism as the administrator manages it.', {
    id: uuid,
    slug: str,
    name: str,
    region: str,
    referencePrefix: str,
    createdAt: dateTime,
  }),
  AdminCompanyDto: dto<AdminCompanyDto>('A company as the administrator manages it.', { id: uuid, name: str, slug: str, active: bool, liaisons: int, dutchLinked: bool, ifcFinanced: bool }),
  AdminCategoryDto: dto<AdminCategoryDto>('A category with both languages.', {
    id: uuid,
    code: str,
    icon: str,
    name: obj('{ es, en }'),
    description: obj('{ es, en }'),
    redFlag: bool,
    position: int,
    active: bool,
  }),
  AdminMunicipalityDto: dto<AdminMunicipalityDto>('A municipality with its veredas.', {
    id: uuid,
    name: str,
    daneCode: str,
    active: bool,
    mapPosition,
    centre: { type: ['object', 'null'], description: 'Where the open-data feed places its cases (latitude, longitude of its head town); null when not set', properties: { latitude: { type: 'number' }, longitude: { type: 'number' } } },
    veredas: list(obj('id, name, kind, active')),
  }),
  AdminDataPolicyDto: dto<AdminDataPolicyDto>('A data-policy version with both languages.', { version: str, text: obj('{ es, en }'), publishedAt: dateTime }),
  AdminUserDto: dto<AdminUserDto>('A staff account.', {
    id: uuid,
    displayName: str,
    email: nullable(str),
    role,
    company: nullable(named),
    language,
    status: oneOf(['invited', 'active', 'inactive']),
    extraMechanismIds: list(uuid),
    homeMechanism: obj('id, name: the mechanism the account belongs to'),
    lastLoginAt: nullable(dateTime),
  }),
  InvitationSent: dto<InvitationSent>('The invited account and when the invitation expires.', { user: ref('AdminUserDto'), expiresAt: dateTime }),
  RecoveryLinkDto: dto<RecoveryLinkDto>('A one-time password link for a complainant without e-mail, handed over in person; shown once.', {
    displayName: str,
    link: str,
    expiresAt: dateTime,
  }),
  OutboxEntryDto: dto<OutboxEntryDto>('One outbox e-mail as an admin sees it: address and kind, never its content.', {
    id: int,
    toAddress: str,
    template: str,
    status: oneOf(['pending', 'sent', 'failed']),
    attempts: int,
    lastError: nullable(str),
    createdAt: dateTime,
    nextAttemptAt: dateTime,
    sentAt: nullable(dateTime),
    mechanism: nullable(obj('id, name')),
  }),
  OutboxList: dto<OutboxListDto>('One page of the e-mails of the mechanisms the admin manages, newest first, and how many there are in all.', {
    entries: list(ref('OutboxEntryDto')),
    total: { type: 'integer', description: 'E-mails of this status in scope (and mechanism filter), across all pages.' },
    nextCursor: nullable({ type: 'string', description: 'Send as ?before= for the next, older page; null on the last page.' }),
  }),
  OutboxRetryAllDto: dto<OutboxRetryAllDto>('How many failed e-mails were queued again.', { retried: int }),
  ChannelOutboxEntryDto: dto<ChannelOutboxEntryDto>('One SMS/WhatsApp message of the channel outbox as an admin sees it: never its text nor the number.', {
    id: int,
    channel: oneOf(['sms', 'whatsapp']),
    contactTag: { type: 'string', description: 'First characters of the number’s keyed blind index: tells rows of one number apart, names nobody.' },
    kind: str,
    segments: int,
    status: oneOf(['pending', 'sent', 'failed']),
    attempts: int,
    lastError: nullable(str),
    createdAt: dateTime,
    nextAttemptAt: dateTime,
    sentAt: nullable(dateTime),
    mechanism: nullable(obj('id, name')),
  }),
  ChannelOutboxList: dto<ChannelOutboxListDto>('One page of the SMS/WhatsApp messages of the mechanisms the admin manages, newest first, and how many there are in all.', {
    entries: list(ref('ChannelOutboxEntryDto')),
    total: { type: 'integer', description: 'Messages of this status in scope (and mechanism filter), across all pages.' },
    nextCursor: nullable({ type: 'string', description: 'Send as ?before= for the next, older page; null on the last page.' }),
  }),
  DeadlinePolicyInfoDto: dto<DeadlinePolicyInfoDto>('The mechanism’s deadlines in business days and its own holiday changes.', {
    policy: obj(
      'acknowledgeDays, admissibilityDays, firstAnswerDays (general petitions), documentsAnswerDays, consultationAnswerDays, agreementDays, referralDays (business days); informationWaitMonths (calendar months); reminderDaysBefore, appealDays',
    ),
    holidays: list(obj('date, kind (added|removed), reason')),
  }),
  NationalHolidayDto: dto<NationalHolidayDto>('A national holiday a law added, or a holiday of the built-in rules a law abolished for that date, recorded by an admin.', {
    date: day,
    kind: oneOf(['added', 'removed']),
    name: str,
    law: { type: 'string', description: 'The law or decree, e.g. «Ley 2600 de 2027».' },
    createdAt: dateTime,
  }),
  NationalHolidaysDto: dto<NationalHolidaysDto>('The national holidays recorded by admins; after a change, how many open deadlines it moved.', {
    holidays: list(ref('NationalHolidayDto')),
    recalculated: opt({ type: 'object', description: 'cases, deadlines: how many open deadlines the change moved, in how many cases', required: ['cases', 'deadlines'], properties: { cases: int, deadlines: int } }),
  }),
  CaseDeadlineDto: dto<CaseDeadlineDto>('One deadline of a case.', {
    id: uuid,
    stage: oneOf(DEADLINE_STAGES),
    dueOn: day,
    businessDaysLeft: int,
    responsible: oneOf(['company', 'ombudsman', 'complainant', 'parties']),
    paused: bool,
    state: oneOf(['open', 'satisfied', 'cancelled']),
    startedOn: day,
    baseDays: int,
    extendedDays: int,
    pausedBusinessDays: int,
    extensionLeft: int,
    reminded: bool,
    escalated: bool,
    allowedActions: list(oneOf(['extend', 'record_referral'])),
  }),
  CaseDeadlinesDto: dto<CaseDeadlinesDto>('A case’s deadlines and its clock.', {
    deadlines: list(ref('CaseDeadlineDto')),
    paused: bool,
    pausedBy: nullable(oneOf(['information_request', 'ombudsman'])),
    informationRequest: nullable(
      obj('The unanswered request for information (Ley 1755, art. 17): id, question, askedByRole (liaison|ombudsman), askedAt, lapsesOn (last day to answer), answerable (the reader is the one asked)'),
    ),
    informationWaitMonths: int,
    petitionKind: oneOf(PETITION_KINDS),
    referralTo: nullable(str),
    allowedActions: list(oneOf(['pause', 'resume', 'request_information'])),
  }),
  OversightSummaryDto: dto<OversightSummaryDto>('The ombudsman’s dashboard figures.', {
    mechanism: obj('slug, name: the mechanism the figures are of'),
    total: int,
    byStatus: obj('Status → count'),
    queues: obj('overdue, escalated, redFlag'),
    medianDaysToAcknowledge: nullable(num),
    medianDaysToResolve: nullable(num),
    series: list(obj('month, filed, resolved, medians')),
    municipalities: list({
      type: 'object',
      description: 'Cases per municipality, for the map.',
      required: ['id', 'name', 'daneCode', 'count', 'mapPosition'],
      properties: { id: uuid, name: str, daneCode: str, count: int, mapPosition },
    }),
    overdueRule: { const: 'case_deadlines' },
    reprisalReports: int,
  }),
  ScorecardsDto: dto<ScorecardsDto>('One scorecard per company, with quarters.', {
    scorecards: list(obj('company, cases, medians, deadlinesMet/Due, agreements, satisfaction, quarters[]')),
    deadlineRule: { const: 'case_deadlines' },
  }),
  OverseenMechanismsDto: dto<OverseenMechanismsDto>('The mechanisms an ombudsman officer oversees, their own first.', {
    mechanisms: list(obj('OverseenMechanismDto: slug, name, own (true for the officer’s own mechanism)')),
  }),
  OversightCaseListDto: dto<OversightCaseListDto>('One page of the cases matching the filters, most urgent first, and how many match in all.', {
    cases: list(ref('CaseSummaryDto')),
    total: int,
    nextCursor: nullable({ type: 'string', description: 'Send as ?after= for the next page; null on the last page.' }),
  }),
  CaseAuditDto: dto<CaseAuditDto>('A case’s full audit trail and every view of its protected identity.', {
    case: ref('CaseSummaryDto'),
    events: list(obj('AuditEventDto: id, kind, fromStatus, toStatus, actorName, actorRole, reason, data, at')),
    identityViews: list(obj('IdentityViewDto: id, viewerName, viewerRole, purpose, at, reason, approvedBy')),
    reclamosInProcess: list(obj('An open habeas data reclamo about the case: kind, receivedOn (the "reclamo en trámite" legend)')),
    verification: obj('AuditVerificationDto: ok and verifiedThrough, or ok false with table, seq, problem'),
  }),
  IdentityCustodyDto: dto<IdentityCustodyDto>('A case’s protected identity as its custodian sees it: masked unless a reveal granted to the reader lasts.', {
    protected: bool,
    requiresApproval: bool,
    identity: nullable(obj('RevealedIdentityDto: name, documentId?, phone?, email?')),
    revealedUntil: nullable(dateTime),
    requests: list(obj('IdentityRevealDto: id, status (pending|granted|refused), reason, requestedBy, requestedAt, mine, canDecide, decidedAt, expiresAt')),
  }),
  IdentityCustodySettingDto: { type: 'object', description: 'Whether a reveal needs a second officer’s approval.', required: ['requireApproval'], properties: { requireApproval: bool } },
  ReprisalFileDto: dto<ReprisalFileDto>('The Defensoría’s reprisal-risk file of a case.', {
    assessments: list(obj('ReprisalRiskDto: level (low|medium|high), stage (the case status then), note, assessedBy, assessedAt; newest first')),
    reports: list(obj('ReprisalReportDto: id, account, reportedByRole, reportedAt')),
    measures: list(obj('ProtectiveMeasureDto: measure, consentHow (written|verbal|recorded), recordedBy, recordedAt')),
  }),
  ReprisalReportReceiptDto: dto<ReprisalReportReceiptDto>('A retaliation report was received (told only to the Defensoría).', { receivedAt: dateTime }),
  AuditDigestListDto: dto<AuditDigestListDto>('The audit record’s daily digests, newest first.', {
    digests: list(obj('AuditDigestDto: day, hash (SHA-256 hex), madeAt, entries')),
  }),
  // Learning (issue #17 items 1–3)
  CaseLearningDto: dto<CaseLearningDto>('A case’s learning panel: its root causes, the taxonomy to tag from, the issue it is linked in, and how many people a collective complaint speaks for.', {
    causes: list(obj('CaseCauseDto: rootCause {id, code, name}, category {code, name}, site {id, name} or null, stage (admission|closure), taggedBy (ombudsman|liaison), confirmed')),
    causeOptions: list(obj('CauseGroupDto: category {code, name}, causes [{id, code, name}]')),
    sites: list(named),
    may: obj('tag, confirm, link, openToSignatories (booleans)'),
    link: nullable(obj('lead (LinkedCaseDto or null when the reader may not see it), members [LinkedCaseDto: id, reference, status, identityMode]')),
    collective: nullable(ref('CollectiveCountDto')),
    consequenceLevel: opt(nullable({ enum: [1, 2, 3] })),
  }),
  // Effectiveness and the referral ladder (issue #17 items 4–5)
  EffectivenessDto: dto<EffectivenessDto>('The effectiveness report: SEAT/ICMM figures by gender, ethnic self-identification, age band and municipality (cells of 1–4 people and their complements shown as "<5"), PQRSD figures (Resolución 1519 de 2020, annex 2) and referrals.', {
    mechanism: obj('slug, name'),
    period: obj('from, to (dates)'),
    minimumCell: int,
    cases: int,
    declared: obj('any, gender, ethnicGroup, ageBand: how many declared each (optional, self-declared)'),
    tables: list(obj('ReportTable: id (status|category|consequence|indicators), dimension (gender|ethnicGroup|ageBand|municipality), columns [{key, label}], rows [{key, label, kind (count|percent|median_days|mean), total {value, base}, cells [{value, base}]}]; value and base are numbers, "<5" or null')),
    pqrsd: list(obj('PqrsdRow: kind (general|documents|consultation|total), received, forwarded, refused, answered, medianResponseDays, answeredInTerm')),
    referrals: list(obj('ReferralTally: remedy, offered, outcomes {offered, taken, admitted, declined, resolved, not_taken} (numbers or "<5")')),
  }),
  CaseReferralsDto: dto<CaseReferralsDto>('The remedies a case not admitted or closed without agreement was offered, what became of each, and its printable referral packet.', {
    referrals: list(obj('remedy (competent_body|pnc_colombia|ncp_netherlands|cao|personeria|tutela), offeredAt, outcome (offered|taken|admitted|declined|resolved|not_taken), outcomeNote, outcomeAt')),
    packetUrl: str,
  }),
  CollectiveCountDto: {
    type: 'object',
    description: 'How many people a collective complaint speaks for: declared by its promoters plus those who joined.',
    required: ['declaredSize', 'signatories', 'speaksFor', 'openToSignatories'],
    properties: { declaredSize: int, signatories: int, speaksFor: int, openToSignatories: bool },
  },
  RelatedCasesDto: dto<RelatedCasesDto>('Likely related open cases, best first (no identity).', {
    related: list(obj('RelatedCaseDto: id, reference, status, createdAt, company, categories, municipality, vereda, summary, reasons {sameCompany, sharedCategories, sameMunicipality, sameVereda, textSimilarity}, score, leadCaseId')),
    windowDays: int,
  }),
  SignatoryListDto: dto<SignatoryListDto>('People who joined a collective complaint; names only for whoever may know them (never for the complainant’s side).', {
    count: ref('CollectiveCountDto'),
    signatories: list(obj('SignatoryDto: id, identityMode, name (or null), joinedAt')),
    byMode: obj('named, confidential, anonymous: counts'),
  }),
  PublicCollectiveDto: dto<PublicCollectiveDto>('A joinable collective complaint as anyone sees it (no identity, nothing it says).', {
    reference: str,
    groupName: nullable(str),
    groupKind: str,
    categories: list(str),
    municipality: str,
    status,
    count: ref('CollectiveCountDto'),
  }),
  PublicCollectiveListDto: dto<PublicCollectiveListDto>('Collective complaints whose promoters opened them to signatories.', { collectives: list(ref('PublicCollectiveDto')) }),
  JoinedCollectiveDto: dto<JoinedCollectiveDto>('The complaint joined and how many it speaks for now.', {
    reference: str,
    identityMode: oneOf(['named', 'confidential', 'anonymous']),
    count: ref('CollectiveCountDto'),
  }),
  AdminRootCausesDto: dto<AdminRootCausesDto>('A mechanism’s taxonomy of root causes under its categories, its companies’ sites, and whether companies may propose causes.', {
    companyProposesCauses: bool,
    categories: list(obj('id, code, name {es, en}, causes [{id, code, name {es, en}, position, active}]')),
    companies: list(obj('id, name, sites [{id, name, active}]')),
  }),
  RecurrenceDto: dto<RecurrenceDto>('What keeps coming back, per month (America/Bogota), company, cause and place; totals count cases.', {
    period: obj('from, to (dates)'),
    totals: { type: 'object', required: [...RECURRENCE_KINDS], properties: Object.fromEntries(RECURRENCE_KINDS.map((k) => [k, int])) },
    rows: list(obj(`RecurrenceRowDto: kind (${RECURRENCE_KINDS.join('|')}), month (YYYY-MM), company, cause, municipality, vereda, count`)),
  }),
  TransparencyDto: dto<TransparencyDto>('Public figures; counts under minimumCell are shown as "<5".', {
    mechanism: obj('slug, name'),
    period: obj('from, to (dates or null)'),
    minimumCell: int,
    total: obj('TransparencyRow: key, label, filed, resolved, closedUnresolved, medians'),
    byCompany: list(obj('TransparencyRow')),
    byCategory: list(obj('TransparencyRow')),
    byMunicipality: list(obj('TransparencyRow')),
    byQuarter: list(obj('TransparencyRow')),
    reprisalReports: { anyOf: [int, { const: '<5' }] },
  }),
  NotificationListDto: dto<NotificationListDto>('The caller’s notifications, newest first.', {
    notifications: list(obj('NotificationDto: id, caseId, kind, data, createdAt, read')),
    unread: int,
  }),
  UnreadCount: { type: 'object', required: ['unread'], properties: { unread: int } },
  // Habeas data (docs/habeas-data.md)
  HabeasRequestDto: dto<HabeasRequestDto>('A habeas data request with its legal term in business days (consulta 10 + 5, reclamo 15 + 8).', {
    id: uuid,
    kind: oneOf(HABEAS_REQUEST_KINDS),
    procedure: oneOf(['consulta', 'reclamo']),
    caseReference: nullable(str),
    details: nullable(str),
    receivedOn: day,
    dueOn: day,
    firstDueOn: day,
    extension: nullable(obj('dueOn, reason, at')),
    latestExtendedOn: day,
    status: oneOf(['open', 'answered']),
    outcome: nullable(oneOf(HABEAS_OUTCOMES)),
    answer: nullable(str),
    answeredAt: nullable(dateTime),
    correctedFields: list(oneOf(['name', 'documentId', 'phone', 'email'])),
    requester: opt(oneOf(['account', 'receipt_key'])),
    businessDaysLeft: opt(int),
  }),
  PersonalDataExport: {
    type: 'object',
    description: 'Everything Puente holds about the caller: account, cases (identity, sensitive answers and consents, place, history, thread, files, looks at the identity), notifications and habeas data requests.',
    required: ['generatedAt', 'legalBasis', 'account', 'cases', 'notifications', 'habeasRequests'],
    properties: {
      generatedAt: dateTime,
      legalBasis: str,
      account: nullable(obj('displayName, email, phone, role, language, createdAt, lastLoginAt, emailPreferences')),
      cases: list(obj('ExportedCase')),
      notifications: list(obj('at, kind, caseReference, readAt')),
      habeasRequests: list(ref('HabeasRequestDto')),
    },
  },
  SensitiveWithdrawal: { type: 'object', required: ['erasedCases'], properties: { erasedCases: int } },
  ConsequenceLevel: { type: 'object', required: ['level'], properties: { level: nullable({ enum: [1, 2, 3] }) } },
  RetentionDto: { type: 'object', required: ['identityRetentionDays'], properties: { identityRetentionDays: nullable(int) } },
  Open311Service: dto<Open311Service>('A GeoReport v2 service: one category of the mechanism.', {
    service_code: str,
    service_name: str,
    description: str,
    metadata: { const: false },
    type: { const: 'realtime' },
    keywords: str,
    group: str,
  }),
  Open311Request: openApiSchemaOf(grievanceRecordV1),
  Open311Errors: {
    type: 'array',
    description: 'GeoReport v2 errors: the status and a message in the reader’s language naming each parameter at fault.',
    items: { type: 'object', required: ['code', 'description'], properties: { code: int, description: str } },
  },
} satisfies Record<string, Schema>;

/** A standalone JSON Schema as an OpenAPI component: the same schema without its own dialect and id. */
function openApiSchemaOf(schema: Schema): Schema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** A response schema's name. */
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

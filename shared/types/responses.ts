/**
 * What the API answers, as zod schemas: the OpenAPI document (server/routes/docs/openApi.ts) is generated
 * from them, and the API tests parse the server's real answers with them (test/api/responseShapes.ts), so
 * the description cannot drift from the code. The DTOs stay TypeScript types the code is written
 * against; each schema is declared against its type with `dto<T>()`, which the compiler checks key by
 * key: a DTO that gains, loses or renames a field, or makes one optional, no longer compiles here until
 * its schema follows. Top-level fields are exact (an unknown one fails a test); nested DTOs are
 * described by reference, and the rest as open objects with a description: enough for an integrator to
 * see the shape, cheap enough to keep up to date.
 */
import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATUSES } from '../caseLifecycle';
import { LANGUAGES, ROLES } from '../roles';
import type { ChannelOutboxEntryDto, ChannelOutboxListDto, OutboxEntryDto, OutboxListDto, OutboxRetryAllDto } from './outbox';
import type { AdminOverviewDto, CaseListDto, CaseSummaryDto, ErrorBody, MechanismDto, ReadinessDto, SessionInfo, SessionUser } from './api';
import type { ClaimResult, InvitationDto, PasswordResetRequested, ProfileDto } from './accounts';
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
} from './admin';
import { DEADLINE_STAGES, PETITION_KINDS, type CaseDeadlineDto, type CaseDeadlinesDto, type DeadlinePolicyInfoDto } from './deadlines';
import type { NationalHolidayDto, NationalHolidaysDto } from './holidays';
import type { DialogueDto, MessageDto, MessageListDto } from './dialogue';
import type { AttachmentDto, AttachmentLimitsDto, CaseDetailDto, DataPolicyDto, FileComplaintResponse, UploadAttachmentsResponse } from './intake';
import type { NotificationListDto } from './notifications';
import type { HabeasRequestDto } from './habeas';
import { HABEAS_OUTCOMES, HABEAS_REQUEST_KINDS } from '../habeas';
import type { CaseAuditDto, OverseenMechanismsDto, OversightCaseListDto, OversightSummaryDto, ScorecardsDto, TransparencyDto } from './oversight';
import type { AuditDigestListDto } from './audit';
import type { AdminLanguageListDto, LanguageTextsDto, TranslationImportDto } from '../languages';
import type { EffectivenessDto } from './effectiveness';
import type { CaseReferralsDto } from './referrals';
import {
  RECURRENCE_KINDS,
  type AdminRootCausesDto,
  type CaseLearningDto,
  type JoinedCollectiveDto,
  type PublicCollectiveDto,
  type PublicCollectiveListDto,
  type RecurrenceDto,
  type RelatedCasesDto,
  type SignatoryListDto,
} from './learning';
import type { IdentityCustodyDto, ReprisalFileDto, ReprisalReportReceiptDto } from './custody';
import { MESSAGE_VISIBILITIES, THREAD_ENTRY_KINDS } from './dialogue';
import type { Open311Service } from './open311';

/** A field that is always present (it may be null, never missing). */
type Present = z.ZodType<NonNullable<unknown> | null>;
/** One schema per key of T: optional keys must be wrapped in opt(), required ones must not. */
type Shape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? z.ZodOptional : Present };

/** The schema of the DTO `T`, named `id` in the document's components. */
function dto<T>(id: string, description: string, shape: Shape<T>) {
  return z.strictObject(shape as z.ZodRawShape).meta({ id, description });
}

/** A small answer with no DTO type of its own. */
function answer(id: string, description: string, shape: z.ZodRawShape) {
  return z.strictObject(shape).meta({ id, description });
}

const opt = <S extends z.ZodType>(schema: S) => schema.optional();
const str = z.string();
const int = z.int();
const num = z.number();
const bool = z.boolean();
// Any 8-4-4-4 hex id: demo and imported rows need not carry an RFC 4122 version nibble.
const uuid = z.guid();
const dateTime = z.iso.datetime({ offset: true });
const day = z.iso.date();
/** A nested object described in words, not field by field. */
const obj = (description: string) => z.looseObject({}).describe(description);
const oneOf = <const V extends readonly [string, ...string[]]>(values: V) => z.enum(values);
const list = <S extends z.ZodType>(items: S) => z.array(items);
const nullable = <S extends z.ZodType>(schema: S) => schema.nullable();
const named = z.strictObject({ id: uuid, name: str });
/** A municipality's square on the oversight map, or null when it has none. */
const mapPosition = z
  .strictObject({ column: z.int().min(0), row: z.int().min(0) })
  .describe('Square on the oversight map: column from the west, row from the north, from 0.')
  .nullable();
const status = oneOf(CASE_STATUSES);
const caseActions = list(oneOf(CASE_ACTIONS));
const role = oneOf(ROLES);
const language = oneOf(LANGUAGES);

export const ErrorBodySchema = dto<ErrorBody>(
  'ErrorBody',
  'Every error: a stable code, a message in the caller’s language, and the fields at fault for a 400.',
  {
    error: z.strictObject({
      code: z.string().describe('Stable, English (e.g. validation_failed, not_found, csrf_failed, case_closed).'),
      message: z.string().describe('Translated (the user’s language, else Accept-Language, else Spanish).'),
      fields: opt(list(z.strictObject({ field: str, message: str }))),
    }),
  },
);

export const SessionUserSchema = dto<SessionUser>('SessionUser', 'The logged-in user.', {
  id: uuid,
  role,
  displayName: str,
  email: nullable(str),
  language,
  mechanismId: uuid,
  company: nullable(named),
});

export const SessionInfoSchema = dto<SessionInfo>('SessionInfo', 'Who is logged in (null for a visitor) and the token every write must send as x-csrf-token.', {
  user: nullable(SessionUserSchema),
  csrfToken: str,
});

export const HealthSchema = answer('Health', 'The database answers, and which kind it is.', {
  status: z.literal('ok'),
  database: oneOf(['embedded', 'server']),
});

export const LivenessSchema = answer('Liveness', 'The process answers.', { status: z.literal('ok') });

export const ReadinessDtoSchema = dto<ReadinessDto>(
  'ReadinessDto',
  'Whether this server should get requests: the database answers and no shutdown has begun (503 otherwise, with Retry-After).',
  {
    ready: bool,
    database: oneOf(['up', 'down']),
    draining: bool,
  },
);

export const MechanismDtoSchema = dto<MechanismDto>('MechanismDto', 'The mechanism and the lists a complaint form needs, in the caller’s language.', {
  id: uuid,
  name: str,
  region: str,
  referencePrefix: str,
  companies: list(obj('CompanyDto: id, name, slug')),
  categories: list(obj('CategoryDto: id, code, icon, name, description, redFlag')),
  municipalities: list(obj('MunicipalityDto: id, name, daneCode, veredas[]')),
  spokenHelp: obj('SpokenHelpDto: language, clips (clip key → address of its recording, e.g. "step.what" → /api/clips/{mechanismId}/es/step.what?v=…)'),
  languages: list(obj('MechanismLanguageDto: code (ISO 639), name, mode (written | audio_first)')),
});

export const DataPolicyDtoSchema = dto<DataPolicyDto>(
  'DataPolicyDto',
  'The data-treatment policy in the caller’s language, with its short plain version (null when it has none).',
  {
    version: str,
    text: str,
    summary: nullable(str),
    publishedAt: dateTime,
  },
);

export const FileComplaintResponseSchema = dto<FileComplaintResponse>(
  'FileComplaintResponse',
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
);

export const AttachmentDtoSchema = dto<AttachmentDto>('AttachmentDto', 'A stored file (download it from /api/attachments/{id}).', {
  id: uuid,
  kind: oneOf(['photo', 'audio', 'document']),
  mime: str,
  size: int,
  createdAt: dateTime,
});

export const UploadAttachmentsResponseSchema = dto<UploadAttachmentsResponse>('UploadAttachmentsResponse', 'The files just stored.', {
  attachments: list(AttachmentDtoSchema),
});

export const AttachmentLimitsDtoSchema = dto<AttachmentLimitsDto>('AttachmentLimitsDto', 'Upload limits.', {
  maxFileBytes: int,
  maxFilesPerCase: int,
  accepted: list(str),
});

export const CaseSummaryDtoSchema = dto<CaseSummaryDto>('CaseSummaryDto', 'A case in a list, as the reader may see it.', {
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
});

export const CaseListDtoSchema = dto<CaseListDto>('CaseListDto', 'A page of the caller’s queue.', { cases: list(CaseSummaryDtoSchema), total: int });

export const CaseDetailDtoSchema = dto<CaseDetailDto>('CaseDetailDto', 'One case as the reader may see it; identity only when the policy allows.', {
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
  history: list(
    obj(
      'CaseHistoryEntryDto: at, kind, fromStatus, toStatus, actorRole, actorLabel, onBehalf, reason, referral?, verbalPetition? (VerbalPetitionDto: reference, receivedAt, filedAt, receivedBy, filedFor, subject, grounds, groundsByVoice, hopedOutcome, declaredFiles, receivedFiles, consentHow, policyConsent, givenVerbally), calendarChange? (deadlines.recalculated: scope, date, kind, undone, deadlines[stage, previousDueOn, dueOn], informationRequest? {previousLapsesOn, lapsesOn})',
    ),
  ),
  attachments: list(AttachmentDtoSchema),
  allowedActions: caseActions,
  allowedOperations: list(oneOf(['route', 'release_red_flag', 'attach'])),
  actionRequirements: obj('Per action: { reason: boolean, referral: boolean }'),
});

export const MessageDtoSchema = dto<MessageDto>('MessageDto', 'An entry of the thread (a message or a recorded step), with the files sent with it.', {
  id: int,
  caseId: uuid,
  kind: oneOf(THREAD_ENTRY_KINDS),
  authorUserId: nullable(uuid),
  authorName: nullable(str),
  authorRole: oneOf(['complainant', 'facilitator', 'liaison', 'ombudsman', 'anonymous', 'system']),
  visibility: oneOf(MESSAGE_VISIBILITIES),
  body: nullable(str),
  attachments: list(AttachmentDtoSchema),
  data: obj('Details of a recorded step'),
  duringMediation: bool,
  createdAt: dateTime,
});

export const MessageListDtoSchema = dto<MessageListDto>('MessageListDto', 'Thread entries after a given id.', {
  messages: list(MessageDtoSchema),
  lastMessageId: int,
});

export const DialogueDtoSchema = dto<DialogueDto>('DialogueDto', 'The whole dialogue as the reader sees it; every dialogue write answers with it.', {
  caseId: uuid,
  status,
  ledByOmbudsman: bool,
  messages: list(MessageDtoSchema),
  lastMessageId: int,
  lastReadMessageId: int,
  meetings: list(obj('MeetingDto: id, scheduledAt, place, agenda, attendees, minutes, …, allowedActions')),
  agreements: list(obj('AgreementDto: id, version, text, status, decisions, commitments[] (CommitmentDto with evidenceAttachments[]), allowedActions')),
  satisfaction: nullable(obj('score, comment, createdAt')),
  reopenUntil: nullable(day),
  allowedActions: obj('postMessage (visibilities), proposeAgreement, scheduleMeeting, rate, reopen, startMediation'),
});

export const ReadMarkSchema = answer('ReadMark', 'The thread is read up to this entry.', { lastReadMessageId: int });

export const InvitationDtoSchema = dto<InvitationDto>('InvitationDto', 'An invitation, shown before it is accepted.', {
  email: str,
  displayName: str,
  role,
  mechanismName: str,
  companyName: nullable(str),
  language,
});

export const PasswordResetRequestedSchema = dto<PasswordResetRequested>('PasswordResetRequested', 'Always the same answer, known address or not.', {
  accepted: z.literal(true),
});

export const ProfileDtoSchema = dto<ProfileDto>('ProfileDto', 'The caller’s own account.', {
  id: uuid,
  role,
  displayName: str,
  email: nullable(str),
  phone: nullable(str),
  language,
  emailPreferences: obj('E-mail kind → on/off'),
});

export const ClaimResultSchema = dto<ClaimResult>('ClaimResult', 'The case now followed by the account.', { caseId: uuid, reference: str });

export const AdminOverviewDtoSchema = dto<AdminOverviewDto>('AdminOverviewDto', 'The administrator’s overview of a mechanism.', {
  mechanism: obj('id, name, referencePrefix'),
  companies: list(obj('CompanyDto with liaisons and cases counts')),
  users: list(obj('id, displayName, email, role, company, active')),
  casesByStatus: obj('Status → count'),
  failedEmails: int,
});

export const AdminClipDtoSchema = dto<AdminClipDto>('AdminClipDto', 'A spoken-help clip key: what it should say, and its recording (null while missing).', {
  key: str,
  text: str,
  recording: nullable(obj('mime, size, updatedAt, url')),
});

export const AdminClipListDtoSchema = dto<AdminClipListDto>(
  'AdminClipListDto',
  'Every spoken-help clip key of the mechanism in a language, and the keys still without a recording.',
  {
    language: str,
    clips: list(AdminClipDtoSchema),
    missing: list(str),
  },
);

export const AdminLanguageListDtoSchema = dto<AdminLanguageListDto>(
  'AdminLanguageListDto',
  'The languages a mechanism offers, Spanish first, with how far each one’s texts and spoken-help clips are.',
  {
    languages: list(obj('AdminLanguageDto: code, name, mode (written | audio_first), builtIn, translated, totalTexts, clipsRecorded, totalClips')),
  },
);

export const TranslationImportDtoSchema = dto<TranslationImportDto>(
  'TranslationImportDto',
  'What an imported translation gave: texts translated of the total, the keys left in Spanish (missing) and the keys no text has (unknown, ignored).',
  {
    language: str,
    translated: int,
    total: int,
    missing: list(str),
    unknown: list(str),
  },
);

export const LanguageTextsDtoSchema = dto<LanguageTextsDto>(
  'LanguageTextsDto',
  'A language’s imported texts as i18next resources (namespace → nested keys); a key without a text shows in Spanish.',
  {
    language: str,
    texts: obj('namespace → nested texts'),
  },
);

export const AdminMechanismDtoSchema = dto<AdminMechanismDto>('AdminMechanismDto', 'A mechanism as the administrator manages it.', {
  id: uuid,
  slug: str,
  name: str,
  region: str,
  referencePrefix: str,
  createdAt: dateTime,
});

export const AdminCompanyDtoSchema = dto<AdminCompanyDto>('AdminCompanyDto', 'A company as the administrator manages it.', {
  id: uuid,
  name: str,
  slug: str,
  active: bool,
  liaisons: int,
  dutchLinked: bool,
  ifcFinanced: bool,
});

export const AdminCategoryDtoSchema = dto<AdminCategoryDto>('AdminCategoryDto', 'A category with both languages.', {
  id: uuid,
  code: str,
  icon: str,
  name: obj('{ es, en }'),
  description: obj('{ es, en }'),
  redFlag: bool,
  position: int,
  active: bool,
});

export const AdminMunicipalityDtoSchema = dto<AdminMunicipalityDto>('AdminMunicipalityDto', 'A municipality with its veredas.', {
  id: uuid,
  name: str,
  daneCode: str,
  active: bool,
  mapPosition,
  centre: z
    .strictObject({ latitude: num, longitude: num })
    .nullable()
    .describe('Where the open-data feed places its cases (latitude, longitude of its head town); null when not set'),
  veredas: list(obj('id, name, kind, active')),
});

export const AdminDataPolicyDtoSchema = dto<AdminDataPolicyDto>('AdminDataPolicyDto', 'A data-policy version with both languages.', {
  version: str,
  text: obj('{ es, en }'),
  publishedAt: dateTime,
});

export const AdminUserDtoSchema = dto<AdminUserDto>('AdminUserDto', 'A staff account.', {
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
});

export const InvitationSentSchema = dto<InvitationSent>('InvitationSent', 'The invited account and when the invitation expires.', {
  user: AdminUserDtoSchema,
  expiresAt: dateTime,
});

export const RecoveryLinkDtoSchema = dto<RecoveryLinkDto>(
  'RecoveryLinkDto',
  'A one-time password link for a complainant without e-mail, handed over in person; shown once.',
  {
    displayName: str,
    link: str,
    expiresAt: dateTime,
  },
);

/** Where a queued message stands: the same fields for e-mails and for SMS/WhatsApp messages. */
const deliveryFields = {
  status: oneOf(['pending', 'sent', 'failed']),
  attempts: int,
  lastError: nullable(str),
  createdAt: dateTime,
  nextAttemptAt: dateTime,
  sentAt: nullable(dateTime),
  mechanism: nullable(obj('id, name')),
};

export const OutboxEntryDtoSchema = dto<OutboxEntryDto>('OutboxEntryDto', 'One outbox e-mail as an admin sees it: address and kind, never its content.', {
  id: int,
  toAddress: str,
  template: str,
  ...deliveryFields,
});

export const OutboxListSchema = dto<OutboxListDto>(
  'OutboxList',
  'One page of the e-mails of the mechanisms the admin manages, newest first, and how many there are in all.',
  {
    entries: list(OutboxEntryDtoSchema),
    total: int.describe('E-mails of this status in scope (and mechanism filter), across all pages.'),
    nextCursor: nullable(str.describe('Send as ?before= for the next, older page; null on the last page.')),
  },
);

export const OutboxRetryAllDtoSchema = dto<OutboxRetryAllDto>('OutboxRetryAllDto', 'How many failed e-mails were queued again.', { retried: int });

export const ChannelOutboxEntryDtoSchema = dto<ChannelOutboxEntryDto>(
  'ChannelOutboxEntryDto',
  'One SMS/WhatsApp message of the channel outbox as an admin sees it: never its text nor the number.',
  {
    id: int,
    channel: oneOf(['sms', 'whatsapp']),
    contactTag: str.describe('First characters of the number’s keyed blind index: tells rows of one number apart, names nobody.'),
    kind: str,
    segments: int,
    ...deliveryFields,
  },
);

export const ChannelOutboxListSchema = dto<ChannelOutboxListDto>(
  'ChannelOutboxList',
  'One page of the SMS/WhatsApp messages of the mechanisms the admin manages, newest first, and how many there are in all.',
  {
    entries: list(ChannelOutboxEntryDtoSchema),
    total: int.describe('Messages of this status in scope (and mechanism filter), across all pages.'),
    nextCursor: nullable(str.describe('Send as ?before= for the next, older page; null on the last page.')),
  },
);

export const DeadlinePolicyInfoDtoSchema = dto<DeadlinePolicyInfoDto>(
  'DeadlinePolicyInfoDto',
  'The mechanism’s deadlines in business days and its own holiday changes.',
  {
    policy: obj(
      'acknowledgeDays, admissibilityDays, firstAnswerDays (general petitions), documentsAnswerDays, consultationAnswerDays, agreementDays, referralDays (business days); informationWaitMonths (calendar months); reminderDaysBefore, appealDays',
    ),
    holidays: list(obj('date, kind (added|removed), reason')),
  },
);

export const NationalHolidayDtoSchema = dto<NationalHolidayDto>(
  'NationalHolidayDto',
  'A national holiday a law added, or a holiday of the built-in rules a law abolished for that date, recorded by an admin.',
  {
    date: day,
    kind: oneOf(['added', 'removed']),
    name: str,
    law: str.describe('The law or decree, e.g. «Ley 2600 de 2027».'),
    createdAt: dateTime,
  },
);

export const NationalHolidaysDtoSchema = dto<NationalHolidaysDto>(
  'NationalHolidaysDto',
  'The national holidays recorded by admins; after a change, how many open deadlines it moved.',
  {
    holidays: list(NationalHolidayDtoSchema),
    recalculated: opt(z.strictObject({ cases: int, deadlines: int }).describe('cases, deadlines: how many open deadlines the change moved, in how many cases')),
  },
);

export const CaseDeadlineDtoSchema = dto<CaseDeadlineDto>('CaseDeadlineDto', 'One deadline of a case.', {
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
});

export const CaseDeadlinesDtoSchema = dto<CaseDeadlinesDto>('CaseDeadlinesDto', 'A case’s deadlines and its clock.', {
  deadlines: list(CaseDeadlineDtoSchema),
  paused: bool,
  pausedBy: nullable(oneOf(['information_request', 'ombudsman'])),
  informationRequest: nullable(
    obj(
      'The unanswered request for information (Ley 1755, art. 17): id, question, askedByRole (liaison|ombudsman), askedAt, lapsesOn (last day to answer), answerable (the reader is the one asked)',
    ),
  ),
  informationWaitMonths: int,
  petitionKind: oneOf(PETITION_KINDS),
  referralTo: nullable(str),
  allowedActions: list(oneOf(['pause', 'resume', 'request_information'])),
});

export const OversightSummaryDtoSchema = dto<OversightSummaryDto>('OversightSummaryDto', 'The ombudsman’s dashboard figures.', {
  mechanism: obj('slug, name: the mechanism the figures are of'),
  total: int,
  byStatus: obj('Status → count'),
  queues: obj('overdue, escalated, redFlag'),
  medianDaysToAcknowledge: nullable(num),
  medianDaysToResolve: nullable(num),
  series: list(obj('month, filed, resolved, medians')),
  municipalities: list(z.strictObject({ id: uuid, name: str, daneCode: str, count: int, mapPosition }).describe('Cases per municipality, for the map.')),
  overdueRule: z.literal('case_deadlines'),
  reprisalReports: int,
});

export const ScorecardsDtoSchema = dto<ScorecardsDto>('ScorecardsDto', 'One scorecard per company, with quarters.', {
  scorecards: list(obj('company, cases, medians, deadlinesMet/Due, agreements, satisfaction, quarters[]')),
  deadlineRule: z.literal('case_deadlines'),
});

export const OverseenMechanismsDtoSchema = dto<OverseenMechanismsDto>(
  'OverseenMechanismsDto',
  'The mechanisms an ombudsman officer oversees, their own first.',
  {
    mechanisms: list(obj('OverseenMechanismDto: slug, name, own (true for the officer’s own mechanism)')),
  },
);

export const OversightCaseListDtoSchema = dto<OversightCaseListDto>(
  'OversightCaseListDto',
  'One page of the cases matching the filters, most urgent first, and how many match in all.',
  {
    cases: list(CaseSummaryDtoSchema),
    total: int,
    nextCursor: nullable(str.describe('Send as ?after= for the next page; null on the last page.')),
  },
);

export const CaseAuditDtoSchema = dto<CaseAuditDto>('CaseAuditDto', 'A case’s full audit trail and every view of its protected identity.', {
  case: CaseSummaryDtoSchema,
  events: list(obj('AuditEventDto: id, kind, fromStatus, toStatus, actorName, actorRole, reason, data, at')),
  identityViews: list(obj('IdentityViewDto: id, viewerName, viewerRole, purpose, at, reason, approvedBy')),
  reclamosInProcess: list(obj('An open habeas data reclamo about the case: kind, receivedOn (the "reclamo en trámite" legend)')),
  verification: obj('AuditVerificationDto: ok and verifiedThrough, or ok false with table, seq, problem'),
});

export const IdentityCustodyDtoSchema = dto<IdentityCustodyDto>(
  'IdentityCustodyDto',
  'A case’s protected identity as its custodian sees it: masked unless a reveal granted to the reader lasts.',
  {
    protected: bool,
    requiresApproval: bool,
    identity: nullable(obj('RevealedIdentityDto: name, documentId?, phone?, email?')),
    revealedUntil: nullable(dateTime),
    requests: list(obj('IdentityRevealDto: id, status (pending|granted|refused), reason, requestedBy, requestedAt, mine, canDecide, decidedAt, expiresAt')),
  },
);

export const IdentityCustodySettingDtoSchema = answer('IdentityCustodySettingDto', 'Whether a reveal needs a second officer’s approval.', {
  requireApproval: bool,
});

export const ReprisalFileDtoSchema = dto<ReprisalFileDto>('ReprisalFileDto', 'The Defensoría’s reprisal-risk file of a case.', {
  assessments: list(obj('ReprisalRiskDto: level (low|medium|high), stage (the case status then), note, assessedBy, assessedAt; newest first')),
  reports: list(obj('ReprisalReportDto: id, account, reportedByRole, reportedAt')),
  measures: list(obj('ProtectiveMeasureDto: measure, consentHow (written|verbal|recorded), recordedBy, recordedAt')),
});

export const ReprisalReportReceiptDtoSchema = dto<ReprisalReportReceiptDto>(
  'ReprisalReportReceiptDto',
  'A retaliation report was received (told only to the Defensoría).',
  { receivedAt: dateTime },
);

export const AuditDigestListDtoSchema = dto<AuditDigestListDto>('AuditDigestListDto', 'The audit record’s daily digests, newest first.', {
  digests: list(obj('AuditDigestDto: day, hash (SHA-256 hex), madeAt, entries')),
});

// Effectiveness and the referral ladder (issue #17 items 4–5)
export const EffectivenessDtoSchema = dto<EffectivenessDto>(
  'EffectivenessDto',
  'The effectiveness report: SEAT/ICMM figures by gender, ethnic self-identification, age band and municipality (cells of 1–4 people and their complements shown as "<5"), PQRSD figures (Resolución 1519 de 2020, annex 2) and referrals.',
  {
    mechanism: obj('slug, name'),
    period: obj('from, to (dates)'),
    minimumCell: int,
    cases: int,
    declared: obj('any, gender, ethnicGroup, ageBand: how many declared each (optional, self-declared)'),
    tables: list(
      obj(
        'ReportTable: id (status|category|consequence|indicators), dimension (gender|ethnicGroup|ageBand|municipality), columns [{key, label}], rows [{key, label, kind (count|percent|median_days|mean), total {value, base}, cells [{value, base}]}]; value and base are numbers, "<5" or null',
      ),
    ),
    pqrsd: list(obj('PqrsdRow: kind (general|documents|consultation|total), received, forwarded, refused, answered, medianResponseDays, answeredInTerm')),
    referrals: list(obj('ReferralTally: remedy, offered, outcomes {offered, taken, admitted, declined, resolved, not_taken} (numbers or "<5")')),
  },
);

export const CaseReferralsDtoSchema = dto<CaseReferralsDto>(
  'CaseReferralsDto',
  'The remedies a case not admitted or closed without agreement was offered, what became of each, and its printable referral packet.',
  {
    referrals: list(
      obj(
        'remedy (competent_body|pnc_colombia|ncp_netherlands|cao|personeria|tutela), offeredAt, outcome (offered|taken|admitted|declined|resolved|not_taken), outcomeNote, outcomeAt',
      ),
    ),
    packetUrl: str,
  },
);

export const CollectiveCountDtoSchema = answer(
  'CollectiveCountDto',
  'How many people a collective complaint speaks for: declared by its promoters plus those who joined.',
  {
    declaredSize: int,
    signatories: int,
    speaksFor: int,
    openToSignatories: bool,
  },
);

// Learning (issue #17 items 1–3)
export const CaseLearningDtoSchema = dto<CaseLearningDto>(
  'CaseLearningDto',
  'A case’s learning panel: its root causes, the taxonomy to tag from, the issue it is linked in, and how many people a collective complaint speaks for.',
  {
    causes: list(
      obj(
        'CaseCauseDto: rootCause {id, code, name}, category {code, name}, site {id, name} or null, stage (admission|closure), taggedBy (ombudsman|liaison), confirmed',
      ),
    ),
    causeOptions: list(obj('CauseGroupDto: category {code, name}, causes [{id, code, name}]')),
    sites: list(named),
    may: obj('tag, confirm, link, openToSignatories (booleans)'),
    link: nullable(obj('lead (LinkedCaseDto or null when the reader may not see it), members [LinkedCaseDto: id, reference, status, identityMode]')),
    collective: nullable(CollectiveCountDtoSchema),
    consequenceLevel: opt(nullable(z.literal([1, 2, 3]))),
  },
);

export const RelatedCasesDtoSchema = dto<RelatedCasesDto>('RelatedCasesDto', 'Likely related open cases, best first (no identity).', {
  related: list(
    obj(
      'RelatedCaseDto: id, reference, status, createdAt, company, categories, municipality, vereda, summary, reasons {sameCompany, sharedCategories, sameMunicipality, sameVereda, textSimilarity}, score, leadCaseId',
    ),
  ),
  windowDays: int,
});

export const SignatoryListDtoSchema = dto<SignatoryListDto>(
  'SignatoryListDto',
  'People who joined a collective complaint; names only for whoever may know them (never for the complainant’s side).',
  {
    count: CollectiveCountDtoSchema,
    signatories: list(obj('SignatoryDto: id, identityMode, name (or null), joinedAt')),
    byMode: obj('named, confidential, anonymous: counts'),
  },
);

export const PublicCollectiveDtoSchema = dto<PublicCollectiveDto>(
  'PublicCollectiveDto',
  'A joinable collective complaint as anyone sees it (no identity, nothing it says).',
  {
    reference: str,
    groupName: nullable(str),
    groupKind: str,
    categories: list(str),
    municipality: str,
    status,
    count: CollectiveCountDtoSchema,
  },
);

export const PublicCollectiveListDtoSchema = dto<PublicCollectiveListDto>(
  'PublicCollectiveListDto',
  'Collective complaints whose promoters opened them to signatories.',
  { collectives: list(PublicCollectiveDtoSchema) },
);

export const JoinedCollectiveDtoSchema = dto<JoinedCollectiveDto>('JoinedCollectiveDto', 'The complaint joined and how many it speaks for now.', {
  reference: str,
  identityMode: oneOf(['named', 'confidential', 'anonymous']),
  count: CollectiveCountDtoSchema,
});

export const AdminRootCausesDtoSchema = dto<AdminRootCausesDto>(
  'AdminRootCausesDto',
  'A mechanism’s taxonomy of root causes under its categories, its companies’ sites, and whether companies may propose causes.',
  {
    companyProposesCauses: bool,
    categories: list(obj('id, code, name {es, en}, causes [{id, code, name {es, en}, position, active}]')),
    companies: list(obj('id, name, sites [{id, name, active}]')),
  },
);

export const RecurrenceDtoSchema = dto<RecurrenceDto>(
  'RecurrenceDto',
  'What keeps coming back, per month (America/Bogota), company, cause and place; totals count cases.',
  {
    period: obj('from, to (dates)'),
    totals: z.strictObject(Object.fromEntries(RECURRENCE_KINDS.map((k) => [k, int])) as Record<(typeof RECURRENCE_KINDS)[number], typeof int>),
    rows: list(obj(`RecurrenceRowDto: kind (${RECURRENCE_KINDS.join('|')}), month (YYYY-MM), company, cause, municipality, vereda, count`)),
  },
);

export const TransparencyDtoSchema = dto<TransparencyDto>('TransparencyDto', 'Public figures; counts under minimumCell are shown as "<5".', {
  mechanism: obj('slug, name'),
  period: obj('from, to (dates or null)'),
  minimumCell: int,
  total: obj('TransparencyRow: key, label, filed, resolved, closedUnresolved, medians'),
  byCompany: list(obj('TransparencyRow')),
  byCategory: list(obj('TransparencyRow')),
  byMunicipality: list(obj('TransparencyRow')),
  byQuarter: list(obj('TransparencyRow')),
  reprisalReports: z.union([int, z.literal('<5')]),
});

export const NotificationListDtoSchema = dto<NotificationListDto>('NotificationListDto', 'The caller’s notifications, newest first.', {
  notifications: list(obj('NotificationDto: id, caseId, kind, data, createdAt, read')),
  unread: int,
});

export const UnreadCountSchema = answer('UnreadCount', 'How many notifications are still unread.', { unread: int });

// Habeas data (docs/habeas-data.md)
export const HabeasRequestDtoSchema = dto<HabeasRequestDto>(
  'HabeasRequestDto',
  'A habeas data request with its legal term in business days (consulta 10 + 5, reclamo 15 + 8).',
  {
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
  },
);

export const PersonalDataExportSchema = answer(
  'PersonalDataExport',
  'Everything Puente holds about the caller: account, cases (identity, sensitive answers and consents, place, history, thread, files, looks at the identity), notifications and habeas data requests.',
  {
    generatedAt: dateTime,
    legalBasis: str,
    account: nullable(obj('displayName, email, phone, role, language, createdAt, lastLoginAt, emailPreferences')),
    cases: list(obj('ExportedCase')),
    notifications: list(obj('at, kind, caseReference, readAt')),
    habeasRequests: list(HabeasRequestDtoSchema),
  },
);

export const SensitiveWithdrawalSchema = answer('SensitiveWithdrawal', 'How many cases had their equity answers erased.', { erasedCases: int });

export const ConsequenceLevelSchema = answer('ConsequenceLevel', 'The case’s consequence level (1 minor, 2 moderate, 3 serious), null when not assessed.', {
  level: nullable(z.literal([1, 2, 3])),
});

export const RetentionDtoSchema = answer('RetentionDto', 'Days after closure after which identities are redacted (null: until asked).', {
  identityRetentionDays: nullable(int),
});

export const Open311ServiceSchema = dto<Open311Service>('Open311Service', 'A GeoReport v2 service: one category of the mechanism.', {
  service_code: str,
  service_name: str,
  description: str,
  metadata: z.literal(false),
  type: z.literal('realtime'),
  keywords: str,
  group: str,
});

export const Open311ErrorsSchema = z
  .array(z.strictObject({ code: int, description: str }))
  .meta({ id: 'Open311Errors', description: 'GeoReport v2 errors: the status and a message in the reader’s language naming each parameter at fault.' });

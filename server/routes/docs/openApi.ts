/**
 * The OpenAPI 3.1 document of the API. Request bodies and query parameters are generated from the
 * same zod schemas the routes parse with (zod 4's `z.toJSONSchema`, input side), so they cannot drift
 * from what the server accepts; answers point at the fragments of responseSchemas.ts, which the
 * compiler keeps in step with the DTO types. test/api/openApi.test.ts fails when a route registered in
 * the app is missing here (or one listed here no longer exists) and when a schema is malformed.
 */
import { consequenceSchema, referralOutcomeSchema } from '../../../shared/validation/effectiveness';
import { mechanismLanguagesSchema } from '../../../shared/validation/languages';
import { habeasAnswerSchema, habeasCorrectionSchema, habeasExtensionSchema, habeasRequestSchema, retentionSchema } from '../../../shared/validation/habeas';
import { z } from 'zod';
import { loginSchema, languageSchema } from '../../../shared/validation/auth';
import { caseTransitionSchema, fileComplaintSchema, releaseRedFlagSchema, routeCaseSchema, trackSchema } from '../../../shared/validation/intake';
import {
  markReadSchema,
  messageListQuery,
  postMessageSchema,
  proposeAgreementSchema,
  reasonSchema,
  recordMinutesSchema,
  reopenSchema,
  reportCommitmentSchema,
  satisfactionSchema,
  scheduleMeetingSchema,
  uploadPurposeQuery,
} from '../../../shared/validation/dialogue';
import {
  acceptInvitationSchema,
  claimSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  profileUpdateSchema,
  signUpSchema,
} from '../../../shared/validation/accounts';
import {
  categoryCreateSchema,
  categoryUpdateSchema,
  companyCreateSchema,
  companyUpdateSchema,
  dataPolicySchema,
  invitationSchema,
  mechanismSchema,
  municipalityCreateSchema,
  municipalityUpdateSchema,
  placeUpdateSchema,
  recoveryLinkSchema,
  userUpdateSchema,
  veredaCreateSchema,
} from '../../../shared/validation/admin';
import { deadlinePolicyBody, extendBody, holidayBody, informationRequestBody, pauseBody, referralSentBody, resumeBody } from '../../../shared/validation/deadlines';
import { nationalHolidayBody } from '../../../shared/validation/holidays';
import {
  identityCustodySettingSchema,
  identityRevealSchema,
  protectiveMeasureSchema,
  reprisalReportSchema,
  reprisalRiskSchema,
  revealDecisionSchema,
} from '../../../shared/validation/custody';
import { markReadBody, oversightCasesQuery, oversightExportQuery, oversightFilters, transparencyQuery } from '../../../shared/validation/oversight';
import { caseListQuery } from '../cases/caseSchemas';
import { outboxQuery } from '../admin/outboxRoutes';
import { OPEN311_PREFIX } from '../open311/open311Routes';
import { open311JurisdictionQuery, open311RequestsQuery } from '../../../shared/validation/open311';
import {
  collectiveListQuery,
  joinCollectiveSchema,
  learningSettingsSchema,
  linkCaseSchema,
  openToSignatoriesSchema,
  recurrenceQuery,
  rootCauseCreateSchema,
  rootCauseUpdateSchema,
  siteCreateSchema,
  tagCauseSchema,
} from '../../../shared/validation/learning';
import { RESPONSE_SCHEMAS, type ResponseSchemaName, type Schema } from './responseSchemas';

/** The input side of a zod schema as JSON schema (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
function toSchema(schema: z.ZodType): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;
  return rest;
}

/**
 * Who may call: `public` needs no login; `session` answers 401 without a logged-in user or, for case
 * routes, a session following the case with its receipt key; `role` answers 401 without a login and
 * 404 to other roles; `hidden` answers 404 to everyone but its role, logged in or not; `token` needs
 * a bearer token from the configuration and answers 404 without it.
 */
type Access = 'public' | 'session' | 'role' | 'hidden' | 'token';

/** A successful answer. */
type Answer =
  | { kind: 'json'; schema: ResponseSchemaName | { list: ResponseSchemaName }; statuses: number[] }
  /** A GeoReport v2 list, as JSON or XML by the path's `.{format}`, with GeoReport's errors. */
  | { kind: 'geoReport'; schema: 'Open311Request' | 'Open311Service' }
  | { kind: 'empty'; status: number }
  | { kind: 'file'; mediaType: string; description: string };

interface Operation {
  method: 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
  /** Where its router is mounted: the API (default) or the open-data feed. */
  base?: typeof OPEN311_PREFIX;
  /** As registered in Express (`:id`); the document writes `{id}`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  multipart?: boolean;
  /** A raw request body of this media type (the bytes of a resumable upload). */
  binary?: string;
  /** Request headers the operation reads. */
  headers?: HeaderParameter[];
  answer: Answer;
  /** A second success: an empty answer with this status (a resumable upload's part that is not the last). */
  alsoEmpty?: number;
  /** Headers of the success answers. */
  answerHeaders?: Record<string, string>;
  /** Statuses besides the ones every operation of its kind has (see `errorStatuses`). */
  errors?: number[];
}

/** A request header an operation reads. */
interface HeaderParameter {
  name: string;
  required: boolean;
  schema: Schema;
  description: string;
}

const json = (schema: ResponseSchemaName, ...statuses: number[]): Answer => ({ kind: 'json', schema, statuses: statuses.length ? statuses : [200] });
const jsonList = (schema: ResponseSchemaName): Answer => ({ kind: 'json', schema: { list: schema }, statuses: [200] });
const empty = (status = 204): Answer => ({ kind: 'empty', status });
const csv = (description: string): Answer => ({ kind: 'file', mediaType: 'text/csv', description });

/** `?mechanism=` (or `?slug=`) names a public page's mechanism; the oldest one otherwise. */
const mechanismSlugQuery = z.object({ mechanism: z.string().regex(/^[a-z0-9-]{1,60}$/).optional() });
const slugQuery = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/).optional() });
const M = '/admin/mechanisms/:mechanismId';

/** Headers of the tus 1.0 protocol (https://tus.io/protocols/resumable-upload) as resumable uploads read and answer them. */
const TUS_RESUMABLE: HeaderParameter = { name: 'Tus-Resumable', required: true, schema: { type: 'string', const: '1.0.0' }, description: 'The tus protocol version; 412 otherwise.' };
const UPLOAD_OFFSET: HeaderParameter = { name: 'Upload-Offset', required: true, schema: { type: 'integer', minimum: 0 }, description: 'Where these bytes start: the offset HEAD answered; 409 otherwise.' };
const U = '/cases/:id/attachments/uploads';

/** Every route of the API. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/health', summary: 'The database answers, and which one is behind the server (503 while it is away)', access: 'public', answer: json('Health') },
  { method: 'get', path: '/health/live', summary: 'Liveness: the process answers (never asks the database)', access: 'public', answer: json('Liveness') },
  { method: 'get', path: '/health/ready', summary: 'Readiness for a load balancer: 200 while the database answers and the server is not shutting down, else 503', access: 'public', answer: json('ReadinessDto', 200, 503) },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (Authorization: Bearer METRICS_TOKEN); 404 when the setting is unset or the token wrong',
    access: 'token',
    answer: { kind: 'file', mediaType: 'text/plain', description: 'Prometheus text exposition format.' },
  },

  // Session and accounts
  { method: 'get', path: '/session', summary: 'Who is logged in, and the CSRF token for writes (call first)', access: 'public', answer: json('SessionInfo') },
  { method: 'post', path: '/session', summary: 'Log in (the session id is renewed; keep the new CSRF token)', access: 'public', body: loginSchema, answer: json('SessionInfo'), errors: [401, 429] },
  { method: 'delete', path: '/session', summary: 'Log out and end the session', access: 'public', answer: empty() },
  { method: 'put', path: '/me/language', summary: 'Change the interface language', access: 'session', body: languageSchema, answer: json('SessionUser') },
  { method: 'get', path: '/invitations/:token', summary: 'An invitation before it is accepted', access: 'public', answer: json('InvitationDto'), errors: [404, 410, 429] },
  { method: 'post', path: '/invitations/:token/accept', summary: 'Accept an invitation: choose a name and password', access: 'public', body: acceptInvitationSchema, answer: empty(), errors: [404, 410, 429] },
  { method: 'post', path: '/password-reset', summary: 'Ask for a password-reset e-mail (same answer for unknown addresses)', access: 'public', body: passwordResetRequestSchema, answer: json('PasswordResetRequested', 202), errors: [429] },
  { method: 'post', path: '/password-reset/:token', summary: 'Set a new password with a reset token', access: 'public', body: passwordResetSchema, answer: empty(), errors: [404, 410, 429] },
  { method: 'post', path: '/accounts', summary: 'A complainant creates an account (logged in at once)', access: 'public', body: signUpSchema, query: mechanismSlugQuery, answer: json('SessionInfo', 201), errors: [404, 429] },
  { method: 'get', path: '/me', summary: 'The caller’s own account', access: 'session', answer: json('ProfileDto') },
  { method: 'put', path: '/me', summary: 'Change name, language or e-mail preferences', access: 'session', body: profileUpdateSchema, answer: json('ProfileDto') },
  { method: 'post', path: '/me/password', summary: 'Change the password (ends the other sessions)', access: 'session', body: passwordChangeSchema, answer: empty(), errors: [429] },
  { method: 'post', path: '/me/claims', summary: 'A complainant adds a case filed without an account, with its receipt key', access: 'session', body: claimSchema, answer: json('ClaimResult', 201), errors: [404, 429] },

  // Filing and following
  { method: 'get', path: '/mechanism', summary: 'Companies, categories, municipalities and veredas of the mechanism', access: 'public', query: slugQuery, answer: json('MechanismDto'), errors: [404] },
  { method: 'get', path: '/data-policy', summary: 'The data-treatment policy in force (Ley 1581 de 2012)', access: 'public', query: mechanismSlugQuery, answer: json('DataPolicyDto'), errors: [404] },
  {
    method: 'post',
    path: '/complaints',
    summary:
      'File a complaint (idempotent on idempotencyKey: 201 new, 200 when retried). A complaint told in a voice note (voiceNote: { key }) is sent as multipart/form-data: the JSON body in the field "complaint", the audio in the file "voiceNote"; without the audio (unless a retry whose case keeps it) it is refused naming voiceNote. Companies and admins get 404; an ombudsman officer only for a verbal petition received in field mode (fieldInterview). A phone sending a queued complaint may add the header x-expected-filer (account id, or "visitor"): 401 and nothing filed when the session is someone else. A receipt made on the device (deviceReceipt) is checked (well-formed, full strength: 400) and may open only one case (409 receipt_key_reused)',
    access: 'public',
    query: mechanismSlugQuery,
    body: fileComplaintSchema('2100-01-01'),
    answer: json('FileComplaintResponse', 201, 200),
    errors: [401, 404, 409, 429],
  },
  { method: 'post', path: '/track', summary: 'Open a case with its reference (or the provisional code of a receipt made on the device) and receipt key; spaces, dashes and case of the key do not matter (the session then follows it)', access: 'public', body: trackSchema, answer: json('CaseDetailDto'), errors: [404, 429] },
  { method: 'get', path: '/track/:reference', summary: 'The tracked case again, while the session follows it', access: 'public', answer: json('CaseDetailDto'), errors: [404] },
  { method: 'get', path: '/attachments/limits', summary: 'Upload limits and accepted types', access: 'public', answer: json('AttachmentLimitsDto') },
  {
    method: 'post',
    path: '/cases/:id/attachments',
    summary:
      'Upload files (multipart, parts named "file"; type checked by content). ?for=message or ?for=evidence uploads files to send later with a message or a commitment report (their attachmentIds); such files are unreadable until sent. ?key=<uuid> (a phone\'s send queue, one file): a resend of a file already kept under that key answers 200 with it and keeps nothing new',
    access: 'session',
    query: uploadPurposeQuery,
    multipart: true,
    answer: json('UploadAttachmentsResponse', 201, 200),
    errors: [404, 409, 413, 415],
  },
  {
    method: 'post',
    path: U,
    summary:
      'Start a resumable upload (tus 1.0 creation; server/routes/intake/README.md): the size is declared in Upload-Length and checked, with the case’s file limits, before any byte is taken; answers 201 with Location, the upload’s URL. ?for= and ?key= as for the multipart upload: with a key already kept, the upload answered is finished; with one still on its way, it is that one',
    access: 'session',
    query: uploadPurposeQuery,
    headers: [
      TUS_RESUMABLE,
      { name: 'Upload-Length', required: true, schema: { type: 'integer', minimum: 1 }, description: 'The file’s size in bytes, at most UPLOAD_MAX_MB; 413 file_too_large above it, 400 no_file for 0. Upload-Defer-Length is not accepted.' },
      { name: 'Upload-Metadata', required: false, schema: { type: 'string' }, description: 'tus metadata; only `filename` (base64) is read, to name the file in a refusal. Nothing of it is stored with the attachment.' },
    ],
    answer: empty(201),
    answerHeaders: { Location: 'The upload’s URL, /api/cases/{id}/attachments/uploads/{uploadId}.', 'Tus-Resumable': '1.0.0' },
    errors: [404, 409, 412, 413],
  },
  {
    method: 'head',
    path: `${U}/:uploadId`,
    summary: 'How much of an upload has arrived: Upload-Offset and Upload-Length (equal once finished); only for whoever created it (404 for anyone else)',
    access: 'session',
    headers: [TUS_RESUMABLE],
    answer: empty(200),
    answerHeaders: { 'Upload-Offset': 'Bytes received so far.', 'Upload-Length': 'The declared size.', 'Tus-Resumable': '1.0.0' },
    errors: [404, 423],
  },
  {
    method: 'patch',
    path: `${U}/:uploadId`,
    summary:
      'Send bytes of an upload from Upload-Offset: 204 with the new Upload-Offset; the part that completes the file answers 200 with the attachment (type checked by content of the whole file; a refused file answers 415 and nothing is kept). Bytes that arrive before a dropped connection are kept: ask HEAD and continue',
    access: 'session',
    headers: [TUS_RESUMABLE, UPLOAD_OFFSET],
    binary: 'application/offset+octet-stream',
    answer: json('UploadAttachmentsResponse'),
    alsoEmpty: 204,
    answerHeaders: { 'Upload-Offset': 'Bytes received so far, this part included.', 'Tus-Resumable': '1.0.0' },
    errors: [404, 409, 412, 413, 415, 423],
  },
  {
    method: 'delete',
    path: `${U}/:uploadId`,
    summary: 'Cancel an unfinished upload (tus termination): its bytes and record are deleted; a finished one answers 409 upload_finished',
    access: 'session',
    headers: [TUS_RESUMABLE],
    answer: empty(),
    errors: [404, 409, 412],
  },
  {
    method: 'get',
    path: `${U}/:uploadId`,
    summary: 'The attachment a finished upload became, for a client whose last answer was lost (finishing it now if all its bytes are in); 409 upload_incomplete with Upload-Offset while bytes are missing',
    access: 'session',
    answer: json('UploadAttachmentsResponse'),
    errors: [404, 409, 415],
  },
  {
    method: 'get',
    path: '/clips/:mechanismId/:language/:key',
    summary: 'Play a spoken-help clip of the intake (public; the address with ?v= from GET /mechanism never changes its bytes and may be cached for good)',
    access: 'public',
    answer: { kind: 'file', mediaType: 'audio/ogg', description: 'The recording; Content-Type is the type found by content (audio/ogg, audio/mpeg, audio/mp4, audio/webm, audio/wav).' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/mechanisms/:mechanismId/languages/:language/texts',
    summary: 'A written language’s imported texts for the browser (public); keys without one show in Spanish; 404 when the mechanism does not offer the language',
    access: 'public',
    answer: json('LanguageTextsDto'),
    errors: [404],
  },
  {
    method: 'get',
    path: '/attachments/:id',
    summary: 'Download a file (always as a download, with its stored type)',
    access: 'session',
    answer: { kind: 'file', mediaType: 'application/octet-stream', description: 'The bytes; Content-Type is the type found by content (image/jpeg, audio/webm, application/pdf, …).' },
    errors: [404],
  },

  // Cases
  { method: 'get', path: '/cases', summary: 'The caller’s queue, most urgent first', access: 'session', query: caseListQuery, answer: json('CaseListDto'), errors: [404] },
  { method: 'get', path: '/cases/:id', summary: 'One case as the caller may see it', access: 'session', answer: json('CaseDetailDto'), errors: [404] },
  { method: 'post', path: '/cases/:id/transitions', summary: 'Change the status through the lifecycle', access: 'session', body: caseTransitionSchema, answer: json('CaseDetailDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/route', summary: 'Ombudsman: send the case to a company', access: 'session', body: routeCaseSchema, answer: json('CaseDetailDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/release-red-flag', summary: 'Ombudsman: let the company see a red-flag case', access: 'session', body: releaseRedFlagSchema, answer: json('CaseDetailDto'), errors: [404, 409] },

  // Identity custodian and reprisal risk (issue #15 §2, §5): ombudsman officers only, but the complainant's report
  { method: 'get', path: '/cases/:id/identity-custody', summary: 'Ombudsman: whether the identity is protected, the reader’s reveal and every request', access: 'session', answer: json('IdentityCustodyDto'), errors: [404] },
  { method: 'post', path: '/cases/:id/identity-reveals', summary: 'Ombudsman: ask to see the protected identity, with a reason (granted and logged at once, or pending a second officer)', access: 'session', body: identityRevealSchema, answer: json('IdentityCustodyDto', 201), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/identity-reveals/:revealId/decision', summary: 'Ombudsman: approve or refuse another officer’s request (never one’s own)', access: 'session', body: revealDecisionSchema, answer: json('IdentityCustodyDto'), errors: [404, 409] },
  { method: 'get', path: '/cases/:id/reprisal', summary: 'Ombudsman: the reprisal-risk file (assessments, reports, measures)', access: 'session', answer: json('ReprisalFileDto'), errors: [404] },
  { method: 'post', path: '/cases/:id/reprisal-risk', summary: 'Ombudsman: record the reprisal risk at the case’s current stage', access: 'session', body: reprisalRiskSchema, answer: json('ReprisalFileDto', 201), errors: [404] },
  { method: 'post', path: '/cases/:id/protective-measures', summary: 'Ombudsman: record a protective measure the person consented to', access: 'session', body: protectiveMeasureSchema, answer: json('ReprisalFileDto', 201), errors: [404] },
  { method: 'post', path: '/cases/:id/reprisal-reports', summary: 'Complainant’s side: report retaliation (told only to the Defensoría)', access: 'session', body: reprisalReportSchema, answer: json('ReprisalReportReceiptDto', 201), errors: [404] },

  // Dialogue: every write answers with the dialogue as the writer now sees it
  { method: 'get', path: '/cases/:id/dialogue', summary: 'The whole dialogue: thread, meetings, agreements, satisfaction', access: 'session', answer: json('DialogueDto'), errors: [404] },
  { method: 'get', path: '/cases/:id/messages', summary: 'Thread entries after an id (catching up after a push)', access: 'session', query: messageListQuery, answer: json('MessageListDto'), errors: [404] },
  {
    method: 'post',
    path: '/cases/:id/messages',
    summary: 'Post a message, with files uploaded first (?for=message) listed in attachmentIds; idempotent on clientKey (201 new, 200 retry)',
    access: 'session',
    body: postMessageSchema,
    answer: json('MessageDto', 201, 200),
    errors: [404, 409],
  },
  { method: 'post', path: '/cases/:id/read', summary: 'Mark the thread read up to an entry', access: 'session', body: markReadSchema, answer: json('ReadMark'), errors: [404] },
  { method: 'post', path: '/cases/:id/meetings', summary: 'Schedule a meeting', access: 'session', body: scheduleMeetingSchema, answer: json('DialogueDto', 201), errors: [404, 409] },
  { method: 'put', path: '/cases/:id/meetings/:meetingId/minutes', summary: 'Record a meeting’s minutes', access: 'session', body: recordMinutesSchema, answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/meetings/:meetingId/agree', summary: 'Agree to a meeting’s minutes', access: 'session', answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/agreements', summary: 'Propose an agreement with its commitments', access: 'session', body: proposeAgreementSchema, answer: json('DialogueDto', 201), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/agreements/:agreementId/accept', summary: 'Accept a proposed agreement', access: 'session', answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/agreements/:agreementId/reject', summary: 'Reject a proposed agreement, with a reason', access: 'session', body: reasonSchema, answer: json('DialogueDto'), errors: [404, 409] },
  {
    method: 'post',
    path: '/cases/:id/commitments/:commitmentId/report',
    summary: 'Report a commitment done, with evidence text and files uploaded first (?for=evidence) listed in attachmentIds',
    access: 'session',
    body: reportCommitmentSchema,
    answer: json('DialogueDto'),
    errors: [404, 409],
  },
  { method: 'post', path: '/cases/:id/commitments/:commitmentId/confirm', summary: 'Confirm a reported commitment', access: 'session', answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/commitments/:commitmentId/dispute', summary: 'Dispute a reported commitment, with a reason', access: 'session', body: reasonSchema, answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/commitments/:commitmentId/verify', summary: 'Ombudsman: verify a commitment', access: 'session', answer: json('DialogueDto'), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/satisfaction', summary: 'The complainant rates the outcome', access: 'session', body: satisfactionSchema, answer: json('DialogueDto', 201), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/reopen', summary: 'Reopen a resolved case within the appeal period', access: 'session', body: reopenSchema, answer: json('DialogueDto'), errors: [404, 409] },

  // Deadlines
  { method: 'get', path: '/deadline-policy', summary: 'The mechanism’s deadlines and holiday changes', access: 'session', answer: json('DeadlinePolicyInfoDto') },
  { method: 'get', path: `${M}/deadline-policy`, summary: 'Admin: the deadlines and holiday changes of a mechanism the admin manages', access: 'role', answer: json('DeadlinePolicyInfoDto') },
  { method: 'put', path: `${M}/deadline-policy`, summary: 'Admin: change the deadlines (business days; stages already running keep theirs)', access: 'role', body: deadlinePolicyBody, answer: json('DeadlinePolicyInfoDto') },
  { method: 'post', path: `${M}/holidays`, summary: 'Admin: add a local holiday or work on a national one', access: 'role', body: holidayBody, answer: json('DeadlinePolicyInfoDto', 201) },
  { method: 'delete', path: `${M}/holidays/:date`, summary: 'Admin: undo a holiday change (date as YYYY-MM-DD)', access: 'role', answer: json('DeadlinePolicyInfoDto') },
  { method: 'get', path: '/cases/:id/deadlines', summary: 'A case’s deadlines and clock', access: 'session', answer: json('CaseDeadlinesDto'), errors: [404] },
  {
    method: 'post',
    path: '/cases/:id/deadlines/pause',
    summary: 'Ombudsman only: pause the case’s clock, with a reason the parties read in the thread (409 to anyone else who sees the case)',
    access: 'session',
    body: pauseBody,
    answer: json('CaseDeadlinesDto'),
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/cases/:id/deadlines/resume',
    summary: 'Ombudsman only: resume the case’s clock (ends an unanswered information request); 409 to anyone else who sees the case',
    access: 'session',
    body: resumeBody,
    answer: json('CaseDeadlinesDto'),
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/cases/:id/deadlines/:deadlineId/extend',
    summary: 'The party who must act or the ombudsman: extend one deadline before it expires, with a reason; never beyond double the term (Ley 1755, art. 14)',
    access: 'session',
    body: extendBody,
    answer: json('CaseDeadlinesDto'),
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/cases/:id/information-requests',
    summary:
      'Company or ombudsman: formally ask the complainant for information (Ley 1755, art. 17). The question goes into the thread, the clock stops until the complainant’s side replies there, and the case is closed as withdrawn when the mechanism’s months pass unanswered',
    access: 'session',
    body: informationRequestBody,
    answer: json('CaseDeadlinesDto', 201),
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/cases/:id/referral',
    summary: 'Ombudsman: record that a not-admitted case was sent to the competent body named in the decision (Ley 1755, art. 21); meets the referral deadline',
    access: 'session',
    body: referralSentBody,
    answer: json('CaseDeadlinesDto'),
    errors: [404, 409],
  },

  // The national calendar (any admin: the law is the same for every mechanism)
  { method: 'get', path: '/admin/national-holidays', summary: 'Admin: the national holidays recorded when a law or decree changed the calendar', access: 'role', answer: json('NationalHolidaysDto') },
  { method: 'post', path: '/admin/national-holidays', summary: 'Admin: record a national holiday a law added (or one it abolished), with the law; open deadlines of every mechanism are recomputed', access: 'role', body: nationalHolidayBody, answer: json('NationalHolidaysDto', 201) },
  { method: 'delete', path: '/admin/national-holidays/:date', summary: 'Admin: undo a national holiday change (date as YYYY-MM-DD); open deadlines are recomputed', access: 'role', answer: json('NationalHolidaysDto') },

  // Oversight (the ombudsman) and public transparency
  { method: 'get', path: '/oversight/mechanisms', summary: 'Ombudsman: the mechanisms whose oversight the officer runs (own first, then granted)', access: 'hidden', answer: json('OverseenMechanismsDto') },
  { method: 'get', path: '/oversight/summary', summary: 'Ombudsman: dashboard figures (of the mechanism named by slug in `mechanism`, the officer’s own when absent; 404 for one they do not oversee)', access: 'hidden', query: oversightFilters, answer: json('OversightSummaryDto') },
  { method: 'get', path: '/oversight/scorecards', summary: 'Ombudsman: company scorecards', access: 'hidden', query: oversightFilters, answer: json('ScorecardsDto') },
  { method: 'get', path: '/oversight/cases', summary: 'Ombudsman: cases matching the filters', access: 'hidden', query: oversightCasesQuery, answer: json('OversightCaseListDto') },
  { method: 'get', path: '/oversight/cases/:id/audit', summary: 'Ombudsman: a case’s audit trail and identity views', access: 'hidden', answer: json('CaseAuditDto') },
  { method: 'get', path: '/oversight/export.csv', summary: 'Ombudsman: the filtered cases as CSV (identities only when asked, and logged)', access: 'hidden', query: oversightExportQuery, answer: csv('One line per case, headers in the caller’s language.') },
  { method: 'get', path: '/transparency', summary: 'Public figures of a mechanism (small counts suppressed)', access: 'public', query: transparencyQuery, answer: json('TransparencyDto') },
  { method: 'get', path: '/transparency/audit-digests', summary: 'The audit record’s daily digests, newest first (docs/audit.md)', access: 'public', answer: json('AuditDigestListDto') },
  { method: 'get', path: '/transparency.csv', summary: 'The public figures as CSV', access: 'public', query: transparencyQuery, answer: csv('One line per table row.') },

  // The public open-data feed (Open311 GeoReport v2; docs/open-data.md)
  {
    method: 'get',
    base: OPEN311_PREFIX,
    path: '/services.:format',
    summary: 'Open311 GeoReport v2: the mechanism’s categories as services (`jurisdiction_id` = mechanism slug, needed only where several run)',
    access: 'public',
    query: open311JurisdictionQuery,
    answer: { kind: 'geoReport', schema: 'Open311Service' },
    errors: [404],
  },
  {
    method: 'get',
    base: OPEN311_PREFIX,
    path: '/requests.:format',
    summary:
      'Open311 GeoReport v2: de-identified cases, newest filing day first; without dates the last 90 days; `service_request_id` ignores the other filters; a `Link: <…>; rel="next"` header names the next page',
    access: 'public',
    query: open311RequestsQuery,
    answer: { kind: 'geoReport', schema: 'Open311Request' },
    answerHeaders: { Link: 'The next page, when there is one (rel="next")' },
    errors: [404],
  },
  {
    method: 'get',
    base: OPEN311_PREFIX,
    path: '/requests/:requestId.:format',
    summary: 'Open311 GeoReport v2: one de-identified case, as a list of one (404 when unknown or not published)',
    access: 'public',
    query: open311JurisdictionQuery,
    answer: { kind: 'geoReport', schema: 'Open311Request' },
    errors: [404],
  },

  // Learning (issue #17 items 1–3): root causes, related and linked cases, collective complaints, recurrence
  { method: 'get', path: '/cases/:id/learning', summary: 'A case’s root causes, the taxonomy the reader may tag from, the issue it is linked in (only cases the reader may see) and how many a collective complaint speaks for', access: 'session', answer: json('CaseLearningDto') },
  { method: 'post', path: '/cases/:id/causes', summary: 'Tag a root cause (and the company’s site when known): the ombudsman’s counts at once; a liaison’s is a proposal, where the mechanism allows it (404 otherwise); 409 when tagged already', access: 'session', body: tagCauseSchema, answer: json('CaseLearningDto', 201), errors: [404, 409] },
  { method: 'post', path: '/cases/:id/causes/:causeId/confirm', summary: 'Ombudsman: confirm a cause a company proposed', access: 'session', answer: json('CaseLearningDto'), errors: [404] },
  { method: 'delete', path: '/cases/:id/causes/:causeId', summary: 'Ombudsman: remove a cause tagged by mistake', access: 'session', answer: json('CaseLearningDto'), errors: [404] },
  { method: 'get', path: '/cases/:id/related', summary: 'Ombudsman: likely related open cases, ranked by company, category, place, time window and text similarity (pg_trgm); no identity', access: 'session', answer: json('RelatedCasesDto'), errors: [404] },
  { method: 'post', path: '/cases/:id/link', summary: 'Ombudsman: link the case into one issue under a lead case (or under that case’s own lead); every case keeps its complainant, identity mode and thread', access: 'session', body: linkCaseSchema, answer: json('CaseLearningDto'), errors: [404, 409] },
  { method: 'delete', path: '/cases/:id/link', summary: 'Ombudsman: take the case out of its issue', access: 'session', answer: json('CaseLearningDto'), errors: [404] },
  { method: 'get', path: '/cases/:id/signatories', summary: 'People who joined a collective complaint: names only for those who may know them (a company only named ones), counts only for its promoters', access: 'session', answer: json('SignatoryListDto'), errors: [404] },
  { method: 'put', path: '/cases/:id/signatories/open', summary: 'Promoters or the ombudsman: list (or stop listing) an open collective complaint on the public page so others may join', access: 'session', body: openToSignatoriesSchema, answer: json('CaseLearningDto'), errors: [404] },
  { method: 'get', path: '/collective', summary: 'Collective complaints whose promoters opened them to signatories (no identity)', access: 'public', query: collectiveListQuery, answer: json('PublicCollectiveListDto'), errors: [404] },
  { method: 'get', path: '/collective/:reference', summary: 'A joinable collective complaint by its reference (open, not a red flag); its group is named only when listed publicly', access: 'public', answer: json('PublicCollectiveDto'), errors: [404] },
  { method: 'post', path: '/collective/:reference/signatories', summary: 'Join a collective complaint as a signatory with one’s own identity mode; 409 when this person (account, document number or, anonymously, this session) joined already', access: 'public', body: joinCollectiveSchema, answer: json('JoinedCollectiveDto', 201), errors: [404, 409, 429] },
  { method: 'get', path: '/oversight/recurrence', summary: 'Ombudsman: recurrence per month, company, cause and place — same cause and place after a resolved case, the same complainant again, reopened cases, reopened after verified commitments (the last year by default)', access: 'hidden', query: recurrenceQuery, answer: json('RecurrenceDto') },
  // Effectiveness report and referral ladder (issue #17 items 4–5)
  { method: 'get', path: '/oversight/effectiveness', summary: 'Ombudsman: the effectiveness report of a mechanism for the cases filed in a period (the last year by default), every breakdown suppressed', access: 'hidden', query: transparencyQuery, answer: json('EffectivenessDto') },
  { method: 'get', path: '/oversight/effectiveness.csv', summary: 'Ombudsman: the effectiveness report as CSV', access: 'hidden', query: transparencyQuery, answer: csv('One line per figure and group, headers in the caller’s language.') },
  { method: 'put', path: '/cases/:id/consequence', summary: 'Ombudsman: assess the case’s consequence level (1 minor, 2 moderate, 3 serious; null clears it)', access: 'session', body: consequenceSchema, answer: json('ConsequenceLevel'), errors: [404] },
  { method: 'get', path: '/cases/:id/referrals', summary: 'The complainant’s side or the ombudsman: the other remedies the case was offered and what became of each (404 to the company)', access: 'session', answer: json('CaseReferralsDto'), errors: [404] },
  { method: 'put', path: '/cases/:id/referrals/:remedy', summary: 'The complainant’s side or the ombudsman: record what became of a referral', access: 'session', body: referralOutcomeSchema, answer: empty(), errors: [404] },
  { method: 'get', path: '/cases/:id/referral-packet', summary: 'The complainant’s side or the ombudsman: the printable referral packet (the case summary without anybody else’s identity, and the remedies)', access: 'session', answer: { kind: 'file', mediaType: 'text/html', description: 'A self-contained printable page.' }, errors: [404] },
  { method: 'get', path: `${M}/root-causes`, summary: 'Admin: the taxonomy of root causes under each category, the companies’ sites, and whether companies may propose causes', access: 'role', answer: json('AdminRootCausesDto') },
  { method: 'post', path: `${M}/root-causes`, summary: 'Admin: add a root cause under a category', access: 'role', body: rootCauseCreateSchema, answer: json('AdminRootCausesDto', 201) },
  { method: 'patch', path: `${M}/root-causes/:id`, summary: 'Admin: rename, move or (de)activate a root cause', access: 'role', body: rootCauseUpdateSchema, answer: json('AdminRootCausesDto') },
  { method: 'post', path: `${M}/companies/:companyId/sites`, summary: 'Admin: add a site or operation of a company', access: 'role', body: siteCreateSchema, answer: json('AdminRootCausesDto', 201) },
  { method: 'put', path: `${M}/learning-settings`, summary: 'Admin: whether companies may propose a case’s causes (the ombudsman confirms them)', access: 'role', body: learningSettingsSchema, answer: json('AdminRootCausesDto') },

  // Notifications
  { method: 'get', path: '/notifications', summary: 'The caller’s notifications', access: 'session', answer: json('NotificationListDto') },
  { method: 'post', path: '/notifications/read', summary: 'Mark some notifications, or all, read', access: 'session', body: markReadBody, answer: json('UnreadCount') },

  // Habeas data (docs/habeas-data.md): the person is the logged-in account and/or the cases opened with a receipt key in this session; 404 when neither
  {
    method: 'get',
    path: '/habeas/export',
    summary: 'Everything Puente holds about the caller, as a JSON download, or ?format=html as a printable page; nothing about anyone else',
    access: 'hidden',
    query: z.object({ format: z.enum(['json', 'html']).optional() }),
    answer: json('PersonalDataExport'),
  },
  { method: 'get', path: '/habeas/requests', summary: 'The caller’s habeas data requests, newest first', access: 'hidden', answer: jsonList('HabeasRequestDto') },
  { method: 'post', path: '/habeas/requests', summary: 'File a consulta or a reclamo (correction, withdrawal of consent, deletion); its due date counts business days', access: 'hidden', body: habeasRequestSchema, answer: json('HabeasRequestDto', 201) },
  { method: 'post', path: '/habeas/sensitive-data/withdraw', summary: 'Withdraw the consent for sensitive data: the equity answers of the caller’s cases are erased now', access: 'hidden', answer: json('SensitiveWithdrawal') },
  { method: 'get', path: '/habeas/queue', summary: 'Ombudsman or admin: the requests of their mechanisms, open ones by due date, with business days left', access: 'hidden', answer: jsonList('HabeasRequestDto') },
  { method: 'post', path: '/habeas/requests/:id/extension', summary: 'Ombudsman or admin: announce the one extension of a request’s term, with reasons, before it lapses (409 after, or a second time)', access: 'hidden', body: habeasExtensionSchema, answer: json('HabeasRequestDto'), errors: [409] },
  { method: 'post', path: '/habeas/requests/:id/answer', summary: 'Ombudsman or admin: answer a request; a granted deletion or withdrawal redacts the requester’s identity and keeps the dialogue', access: 'hidden', body: habeasAnswerSchema, answer: json('HabeasRequestDto'), errors: [409] },
  { method: 'post', path: '/habeas/requests/:id/correction', summary: 'Ombudsman or admin: grant a correction request by correcting the identity of its case(s); the changed fields are recorded and the person is told by e-mail', access: 'hidden', body: habeasCorrectionSchema, answer: json('HabeasRequestDto'), errors: [409] },

  // Administration (401 without a login, 404 to everyone but an administrator of the mechanism)
  { method: 'get', path: `${M}/clips`, summary: 'Admin: every spoken-help clip key of the intake (questions, choices, categories, receipt) in ?language= (the admin’s by default), what each should say, its recording, and the keys still missing one', access: 'role', query: z.object({ language: z.string().regex(/^[a-z]{2,3}$/).optional() }), answer: json('AdminClipListDto') },
  {
    method: 'put',
    path: `${M}/clips/:language/:key`,
    summary: 'Admin: upload or replace one spoken-help clip; the body is the audio (at most 256 KB; checked by content: 400 naming file when it is not audio); 201 new, 200 replaced; 404 for a key the intake does not have',
    access: 'role',
    binary: 'audio/ogg',
    answer: json('AdminClipDto', 201, 200),
    errors: [404, 413],
  },
  {
    method: 'delete',
    path: `${M}/clips/:language/:key`,
    summary: 'Admin: delete one spoken-help clip (the form then offers no "Escuchar" there); 404 when there is none',
    access: 'role',
    answer: empty(),
    errors: [404],
  },
  { method: 'get', path: `${M}/languages`, summary: 'Admin: the languages the mechanism offers (Spanish first), each with its texts translated and clips recorded', access: 'role', answer: json('AdminLanguageListDto') },
  {
    method: 'put',
    path: `${M}/languages`,
    summary: 'Admin: set the languages offered besides Spanish, in the language switch’s order: ISO 639 code, the name its speakers use, written or audio_first',
    access: 'role',
    body: mechanismLanguagesSchema,
    answer: json('AdminLanguageListDto'),
  },
  {
    method: 'get',
    path: `${M}/languages/:language/texts.csv`,
    summary: 'Admin: a language’s texts as a spreadsheet for its translator (key; es; <language>), the translation so far filled in; 404 for Spanish, English and languages not offered',
    access: 'role',
    answer: csv('UTF-8 with BOM, “;” between cells, one row per text: its key, its Spanish and its translation.'),
  },
  {
    method: 'put',
    path: `${M}/languages/:language/texts`,
    summary: 'Admin: import the filled-in spreadsheet (the body is the CSV, “;” or “,”); it replaces the language’s texts, and the answer lists the keys left in Spanish and those no text has; 400 naming file when it is not one',
    access: 'role',
    binary: 'text/csv',
    answer: json('TranslationImportDto'),
    errors: [404, 413],
  },
  { method: 'get', path: `${M}/retention`, summary: 'Admin: days after closure after which identities are redacted (null: until asked)', access: 'role', answer: json('RetentionDto') },
  { method: 'put', path: `${M}/retention`, summary: 'Admin: set the retention period of identities after closure', access: 'role', body: retentionSchema, answer: json('RetentionDto') },
  { method: 'get', path: '/admin/overview', summary: 'Admin: the mechanism at a glance', access: 'role', answer: json('AdminOverviewDto') },
  { method: 'get', path: '/admin/mechanisms', summary: 'Admin: mechanisms the administrator manages', access: 'role', answer: jsonList('AdminMechanismDto') },
  { method: 'post', path: '/admin/mechanisms', summary: 'Admin: create a mechanism', access: 'role', body: mechanismSchema, answer: json('AdminMechanismDto', 201) },
  { method: 'put', path: `${M}/identity-custody`, summary: 'Admin: whether a reveal of a protected identity needs a second officer’s approval', access: 'role', body: identityCustodySettingSchema, answer: json('IdentityCustodySettingDto') },
  { method: 'get', path: `${M}/companies`, summary: 'Admin: companies', access: 'role', answer: jsonList('AdminCompanyDto') },
  { method: 'post', path: `${M}/companies`, summary: 'Admin: add a company', access: 'role', body: companyCreateSchema, answer: json('AdminCompanyDto', 201) },
  { method: 'patch', path: `${M}/companies/:id`, summary: 'Admin: rename or deactivate a company, or say whether it is Dutch-linked or IFC-financed (the referral ladder offers the Dutch NCP or the CAO)', access: 'role', body: companyUpdateSchema, answer: json('AdminCompanyDto') },
  { method: 'get', path: `${M}/categories`, summary: 'Admin: categories', access: 'role', answer: jsonList('AdminCategoryDto') },
  { method: 'post', path: `${M}/categories`, summary: 'Admin: add a category', access: 'role', body: categoryCreateSchema, answer: json('AdminCategoryDto', 201) },
  { method: 'patch', path: `${M}/categories/:id`, summary: 'Admin: change a category', access: 'role', body: categoryUpdateSchema, answer: json('AdminCategoryDto') },
  { method: 'get', path: `${M}/municipalities`, summary: 'Admin: municipalities and veredas', access: 'role', answer: jsonList('AdminMunicipalityDto') },
  { method: 'post', path: `${M}/municipalities`, summary: 'Admin: add a municipality', access: 'role', body: municipalityCreateSchema, answer: json('AdminMunicipalityDto', 201) },
  {
    method: 'patch',
    path: `${M}/municipalities/:id`,
    summary: 'Admin: rename, deactivate, or set (null: clear) a municipality’s square on the oversight map and its centre in the open-data feed; a square another municipality of the mechanism has is a 400 on mapPosition',
    access: 'role',
    body: municipalityUpdateSchema,
    answer: json('AdminMunicipalityDto'),
  },
  { method: 'post', path: `${M}/municipalities/:id/veredas`, summary: 'Admin: add a vereda (answers its municipality)', access: 'role', body: veredaCreateSchema, answer: json('AdminMunicipalityDto', 201) },
  { method: 'patch', path: `${M}/veredas/:id`, summary: 'Admin: rename or deactivate a vereda (answers its municipality)', access: 'role', body: placeUpdateSchema, answer: json('AdminMunicipalityDto') },
  { method: 'get', path: `${M}/data-policies`, summary: 'Admin: data-policy versions', access: 'role', answer: jsonList('AdminDataPolicyDto') },
  { method: 'post', path: `${M}/data-policies`, summary: 'Admin: publish a new data-policy version', access: 'role', body: dataPolicySchema, answer: json('AdminDataPolicyDto', 201) },
  { method: 'get', path: `${M}/users`, summary: 'Admin: staff accounts', access: 'role', answer: jsonList('AdminUserDto') },
  { method: 'post', path: `${M}/recovery-links`, summary: 'Admin: a password link for a complainant who logs in by phone (no SMS), to hand over in person', access: 'role', body: recoveryLinkSchema, answer: json('RecoveryLinkDto', 201), errors: [404] },
  { method: 'post', path: `${M}/invitations`, summary: 'Admin: invite a staff member (by e-mail)', access: 'role', body: invitationSchema, answer: json('InvitationSent', 201) },
  { method: 'patch', path: `${M}/users/:id`, summary: 'Admin: change or deactivate a staff account', access: 'role', body: userUpdateSchema, answer: json('AdminUserDto'), errors: [409] },
  { method: 'get', path: '/admin/outbox', summary: 'Admin: e-mails in the outbox (failed ones by default), without their content: a page newest first, the total, and ?before= for older pages', access: 'role', query: outboxQuery, answer: json('OutboxList') },
  { method: 'post', path: '/admin/outbox/retry-all', summary: 'Admin: queue every failed e-mail of the managed mechanisms again', access: 'role', answer: json('OutboxRetryAllDto') },
  { method: 'post', path: '/admin/outbox/:id/retry', summary: 'Admin: queue one failed e-mail again (attempts reset, due now)', access: 'role', answer: json('OutboxEntryDto') },
  { method: 'get', path: '/admin/channel-outbox', summary: 'Admin: SMS and WhatsApp messages in the channel outbox (failed ones by default), without their text or number', access: 'role', query: outboxQuery, answer: json('ChannelOutboxList') },
  { method: 'post', path: '/admin/channel-outbox/retry-all', summary: 'Admin: queue every failed SMS/WhatsApp message of the managed mechanisms again (not to numbers that sent SALIR)', access: 'role', answer: json('OutboxRetryAllDto') },
  { method: 'post', path: '/admin/channel-outbox/:id/retry', summary: 'Admin: queue one failed SMS/WhatsApp message again (attempts reset, due now)', access: 'role', answer: json('ChannelOutboxEntryDto') },

  // Gateways (docs/channels.md)
  {
    method: 'post',
    path: '/channels/:gatewayId/inbound',
    summary:
      'Webhook of a configured SMS/WhatsApp gateway: Twilio form posts (X-Twilio-Signature) or the Android SMS gateway app’s JSON (X-Signature, X-Timestamp). No session or CSRF token; a forged or unsigned request is a 403 and stores nothing; a gateway not configured is a 404',
    access: 'public',
    answer: { kind: 'file', mediaType: 'text/xml', description: 'An empty TwiML <Response/> for Twilio (answers go out through the channel outbox), or an empty JSON object for the Android app.' },
    errors: [403, 404, 413],
  },

  // This description
  { method: 'get', path: '/openapi.json', summary: 'This document', access: 'public', answer: { kind: 'file', mediaType: 'application/json', description: 'The OpenAPI 3.1 document.' } },
  { method: 'get', path: '/docs', summary: 'A readable page of this document', access: 'public', answer: { kind: 'file', mediaType: 'text/html', description: 'The page.' } },
  { method: 'get', path: '/docs.js', summary: 'The script of that page', access: 'public', answer: { kind: 'file', mediaType: 'application/javascript', description: 'The script.' } },
];

/** The API is mounted here (server/app.ts). */
export const API_PREFIX = '/api';

/** `/cases/:id` → `/api/cases/{id}` (under `base` when the route is not the API's). */
export function documentPath(expressPath: string, base: string = API_PREFIX): string {
  return base + expressPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

// Path parameters by name: what the routes accept (anything else answers 404, like a missing row).
const PATH_PARAMETERS: Record<string, Schema> = {
  id: { type: 'string', format: 'uuid' },
  mechanismId: { type: 'string', format: 'uuid' },
  causeId: { type: 'string', format: 'uuid' },
  companyId: { type: 'string', format: 'uuid' },
  deadlineId: { type: 'string', format: 'uuid' },
  meetingId: { type: 'integer', minimum: 1 },
  agreementId: { type: 'integer', minimum: 1 },
  commitmentId: { type: 'integer', minimum: 1 },
  token: { type: 'string' },
  gatewayId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'A gateway id of CHANNEL_GATEWAYS' },
  reference: { type: 'string', description: 'Case reference, e.g. PTE-2026-000123' },
  date: { type: 'string', format: 'date' },
  uploadId: { type: 'string', pattern: '^[a-f0-9]{32}$' },
  requestId: { type: 'string', pattern: '^[0-9a-f]{20}$', description: 'A record’s service_request_id in the open-data feed' },
  format: { type: 'string', enum: ['json', 'xml'], description: 'GeoReport v2 serves JSON and XML alike' },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: error.fields names each field at fault (a text holding a NUL byte is refused on every route, `path` when it is in the address)',
  401: 'Not logged in (and, for a case, no session following it)',
  403: 'Missing or wrong x-csrf-token',
  404: 'Missing, or not yours to see (the same answer)',
  409: 'Not allowed in the current state, or a conflict',
  410: 'The link was used already or has expired',
  412: 'Tus-Resumable is missing or not 1.0.0',
  413: 'File too large',
  415: 'File type not accepted (checked by content)',
  423: 'Another request is writing this upload now; retry shortly',
  429: 'Too many attempts; try later',
  503: 'The database is away for a moment or the server is shutting down; retry after Retry-After seconds',
};

/** Error statuses of an operation: those its kind always has, plus its own. */
function errorStatuses(op: Operation): number[] {
  const statuses = new Set(op.errors ?? []);
  // Any text the database cannot store (a NUL byte) is refused, in a body, a query or the address.
  if (op.body || op.query || op.multipart || op.binary || op.path.includes(':')) statuses.add(400);
  if (op.method !== 'get' && op.method !== 'head') statuses.add(403);
  if (op.access === 'session' || op.access === 'role') statuses.add(401);
  if (op.access === 'role' || op.access === 'hidden' || op.access === 'token') statuses.add(404);
  // Any request may meet a database outage or a shutdown, unless 503 is one of its documented answers.
  if (!(op.answer.kind === 'json' && op.answer.statuses.includes(503))) statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function security(op: Operation): Schema[] {
  // Every write needs the session cookie and its CSRF token, even a public one (filing, login).
  if (op.method !== 'get' && op.method !== 'head') return [{ sessionCookie: [], csrfToken: [] }];
  if (op.access === 'token') return [{ metricsToken: [] }];
  // The open-data feed keeps no session.
  if (op.base === OPEN311_PREFIX) return [{}];
  return op.access === 'public' ? [{}, { sessionCookie: [] }] : [{ sessionCookie: [] }];
}

function responsesOf(op: Operation): Record<string, Schema> {
  const responses: Record<string, Schema> = {};
  const { answer } = op;
  if (answer.kind === 'json') {
    const schema = typeof answer.schema === 'string' ? { $ref: `#/components/schemas/${answer.schema}` } : { type: 'array', items: { $ref: `#/components/schemas/${answer.schema.list}` } };
    for (const status of answer.statuses) responses[String(status)] = { description: status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema } } };
  } else if (answer.kind === 'geoReport') {
    const list = { type: 'array', items: { $ref: `#/components/schemas/${answer.schema}` } };
    responses['200'] = { description: 'OK (XML: the same fields as elements, GeoReport v2’s form)', content: { 'application/json': { schema: list }, 'application/xml': { schema: { type: 'string' } } } };
  } else if (answer.kind === 'empty') {
    responses[String(answer.status)] = { description: answer.status === 204 ? 'Done, nothing to answer' : 'Accepted' };
  } else {
    responses['200'] = { description: answer.description, content: { [answer.mediaType]: { schema: { type: 'string', format: 'binary' } } } };
  }
  if (op.alsoEmpty) responses[String(op.alsoEmpty)] = { description: 'Received; more bytes expected' };
  if (op.answerHeaders) {
    const headers = Object.fromEntries(Object.entries(op.answerHeaders).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
    for (const [status, response] of Object.entries(responses)) if (/^2\d\d$/.test(status)) response.headers = headers;
  }
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
  // The feed answers its own mistakes (4xx) in GeoReport's form; outages and the unexpected, like the API.
  const geoReportError = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } }, 'application/xml': { schema: { type: 'string' } } } };
  for (const status of errorStatuses(op)) {
    const body = answer.kind === 'geoReport' && status < 500 && status !== 429 ? geoReportError : error;
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? `Error ${status}`, ...body };
  }
  responses.default = { description: 'Unexpected error (500); logged on the server', ...error };
  return responses;
}

function parametersOf(op: Operation): Schema[] {
  const parameters: Schema[] = [];
  for (const [, name] of op.path.matchAll(/:([A-Za-z]+)/g)) {
    parameters.push({ name, in: 'path', required: true, schema: PATH_PARAMETERS[name!] ?? { type: 'string' } });
  }
  for (const header of op.headers ?? []) parameters.push({ in: 'header', ...header });
  if (op.query) {
    const query = toSchema(op.query) as { properties?: Record<string, Schema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  return parameters;
}

function operationOf(op: Operation): Schema {
  const operation: Schema = { summary: op.summary, security: security(op), responses: responsesOf(op) };
  const parameters = parametersOf(op);
  if (parameters.length) operation.parameters = parameters;
  if (op.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(op.body) } } };
  if (op.binary) operation.requestBody = { required: true, content: { [op.binary]: { schema: { type: 'string', format: 'binary' } } } };
  if (op.multipart) {
    operation.requestBody = {
      required: true,
      content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } } } },
    };
  }
  return operation;
}

const DESCRIPTION = `JSON API of Puente, a grievance mechanism. Every answer's language follows the user's choice, else Accept-Language, else Spanish.

Authentication: a session cookie (puente.sid, httpOnly). Call GET /api/session first: it starts a session and answers csrfToken. Every request other than GET must send that token in the x-csrf-token header (403 csrf_failed otherwise), public ones included; logging in renews the session and answers a new token. A visitor who files a complaint, or opens one with POST /api/track, follows that case through the same session.

Errors always answer {"error":{"code","message","fields?"}}: code is stable English, message is translated, fields (400) names each field at fault. A record you may not see answers 404, exactly like a missing one. While the database is away for a moment (database_unavailable) or the server is shutting down (shutting_down) the answer is 503 with Retry-After: retry then — filings and messages carry their own idempotency keys, so a retry never doubles them.`;

/** The OpenAPI document (built once: the schemas are static). */
export function buildOpenApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const op of OPERATIONS) (paths[documentPath(op.path, op.base)] ??= {})[op.method] = operationOf(op);
  return {
    openapi: '3.1.0',
    info: { title: 'Puente API', version: '0.1.0', description: DESCRIPTION },
    paths,
    components: {
      schemas: RESPONSE_SCHEMAS,
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'puente.sid', description: 'The session, set by GET /api/session and renewed at login.' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The csrfToken answered by GET /api/session (and by login); required on every write.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the configuration (operators only).' },
      },
    },
  };
}

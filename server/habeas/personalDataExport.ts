/**
 * Everything Puente holds about one person (Ley 1581 art. 8 a–b, art. 14), gathered for a download:
 * their account, and for each case they filed as complainant (or whose receipt key they showed) its
 * identity and contact, the sensitive answers and their consent, the data-policy consent, place and
 * account of the facts, its history, the messages of the thread they may read, the files, and every
 * look at their protected identity (when, by which role, for what — never the officer's name); then
 * their notifications and habeas data requests. Nothing about anyone else: other people in a thread
 * appear by role only, and cases a facilitator filed for others belong to those others.
 */
import type { TFunction } from 'i18next';
import { caseEventLabel } from '../../shared/caseEvents';
import type { Language } from '../../shared/roles';
import type { AppContext } from '../context';
import type { CaseActor } from '../policies/casePolicy';
import { readerViewOf } from '../policies/messagePolicy';
import { findCaseDetail, listCaseEvents } from '../repositories/cases';
import { listAttachments } from '../repositories/attachments';
import { listVisibleEntries } from '../repositories/messages';
import { listIdentityViews } from '../repositories/identityViews';
import { listNotifications } from '../repositories/notifications';
import { findAccountDates, findCasePrivacy } from '../repositories/personalData';
import { findUserById } from '../repositories/users';
import { casePlace } from '../crypto/sealedColumns';
import { localized, type ComplainantIdentity } from '../presenters/casePresenter';
import { presentHabeasRequest } from './habeasPresenter';
import { listRequestsOf } from '../repositories/habeasRequests';
import { subjectCaseIds, type DataSubject } from './habeasDesk';
import type { HabeasRequestDto } from '../../shared/types/habeas';

/** A file as the export lists it (the bytes are downloaded from the case page). */
export interface ExportedFile {
  kind: string;
  mime: string;
  size: number;
  sha256?: string;
  at: string;
}

/** One case as its complainant's export holds it. */
export interface ExportedCase {
  reference: string;
  status: string;
  statusLabel: string;
  identityMode: string;
  filedAt: string;
  /** When the identity was redacted (then identity, sensitive answers and map point are gone). */
  identityRedactedAt: string | null;
  identity: ComplainantIdentity | null;
  contactPreference: string | null;
  /** The optional self-declared answers and the explicit consent given for them; null when none are held. */
  sensitiveData: { consented: boolean; gender?: string; ethnicity?: string; disability?: string; ageBand?: string } | null;
  dataPolicyConsent: { version: string | null; at: string | null };
  company: string | null;
  categories: string[];
  place: { municipality: string; vereda: string | null; detail: string | null; latitude: number | null; longitude: number | null };
  occurredOn: string | null;
  whatHappened: string;
  hopedOutcome: string | null;
  group: { name: string | null; kind: string | null; size: number | null } | null;
  history: { at: string; what: string; byRole: string; reason: string | null }[];
  messages: { at: string; byYou: boolean; authorRole: string; visibility: string; body: string | null; files: ExportedFile[] }[];
  files: ExportedFile[];
  identityViews: { at: string; viewerRole: string | null; purpose: string }[];
}

/** The whole download (`GET /api/habeas/export`). */
export interface PersonalDataExport {
  generatedAt: string;
  legalBasis: string;
  account: {
    displayName: string;
    email: string | null;
    phone: string | null;
    role: string;
    language: string;
    createdAt: string;
    lastLoginAt: string | null;
    emailPreferences: Record<string, boolean>;
  } | null;
  cases: ExportedCase[];
  notifications: { at: string; kind: string; caseReference: string | null; readAt: string | null }[];
  habeasRequests: HabeasRequestDto[];
}

const NOTIFICATIONS_MAX = 10_000;
const THREAD_MAX = 10_000;

/** Gathers everything held about `subject`, worded in `language`. */
export async function collectPersonalData(ctx: AppContext, subject: DataSubject, language: Language, t: TFunction): Promise<PersonalDataExport> {
  const caseIds = await subjectCaseIds(ctx, subject);
  const cases: ExportedCase[] = [];
  const references = new Map<string, string>();
  for (const caseId of caseIds) {
    const exported = await exportCase(ctx, subject, caseId, language, t);
    if (exported) {
      cases.push(exported);
      references.set(caseId, exported.reference);
    }
  }
  const account = subject.user ? await exportAccount(ctx, subject.user.id) : null;
  const notifications = subject.user ? await listNotifications(ctx.db, subject.user.id, NOTIFICATIONS_MAX) : [];
  const requests = await listRequestsOf(ctx.db, subject.user?.id ?? null, subject.trackedCaseIds);
  return {
    generatedAt: ctx.clock.now().toISOString(),
    legalBasis: t('habeas:export.legalBasis'),
    account,
    cases,
    notifications: notifications.map((n) => ({
      at: n.createdAt.toISOString(),
      kind: n.kind,
      caseReference: typeof n.data.reference === 'string' ? n.data.reference : null,
      readAt: n.readAt?.toISOString() ?? null,
    })),
    habeasRequests: requests.map((r) => presentHabeasRequest(r)),
  };
}

async function exportAccount(ctx: AppContext, userId: string): Promise<PersonalDataExport['account']> {
  const user = await findUserById(ctx.db, ctx.cipher, userId);
  if (!user) return null;
  const dates = await findAccountDates(ctx.db, userId);
  return {
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    role: user.role,
    language: user.language,
    createdAt: dates.createdAt.toISOString(),
    lastLoginAt: dates.lastLoginAt?.toISOString() ?? null,
    emailPreferences: { ...user.emailPreferences },
  };
}

/** The reader the export reads a case's thread as: the account when it is the complainant's, else the receipt-key holder. */
function readerFor(subject: DataSubject, complainantUserId: string | null): CaseActor {
  if (subject.user && complainantUserId === subject.user.id) return subject.user;
  return { role: 'tracker', trackedCaseIds: [...subject.trackedCaseIds] };
}

async function exportCase(ctx: AppContext, subject: DataSubject, caseId: string, language: Language, t: TFunction): Promise<ExportedCase | undefined> {
  const row = await findCaseDetail(ctx.db, caseId);
  if (!row) return undefined;
  const extra = await findCasePrivacy(ctx.db, caseId);
  const reader = readerFor(subject, row.complainantUserId);
  const view = readerViewOf(reader, row);
  const [events, attachments, entries, views] = await Promise.all([
    listCaseEvents(ctx.db, caseId),
    listAttachments(ctx.db, caseId),
    view ? listVisibleEntries(ctx.db, reader, caseId, 0, THREAD_MAX) : Promise.resolve([]),
    listIdentityViews(ctx.db, ctx.cipher, caseId),
  ]);
  const equity = extra.equity
    ? ctx.cipher.open<{ ethnicGroup?: string; gender?: string; ageBand?: string; disability?: string; consent?: boolean }>(
        extra.equity,
        casePlace(caseId, 'equity'),
      )
    : null;
  const point = ctx.cipher.openNullable<{ latitude: number; longitude: number }>(row.locationCiphertext, casePlace(caseId, 'location'));
  const role = (r: string) => (r === 'anonymous' || r === 'system' ? t(`intake:actor.${r}`) : t(`domain:role.${r}`));
  const mine = (authorUserId: string | null, authorRole: string) =>
    reader.role === 'tracker'
      ? authorUserId === row.complainantUserId && (authorRole === 'anonymous' || authorRole === 'complainant')
      : authorUserId === reader.id;
  return {
    reference: row.reference,
    status: row.status,
    statusLabel: t(`domain:status.${row.status}`),
    identityMode: row.identityMode,
    filedAt: row.createdAt.toISOString(),
    identityRedactedAt: extra.redactedAt?.toISOString() ?? null,
    identity: row.identityCiphertext ? ctx.cipher.open<ComplainantIdentity>(row.identityCiphertext, casePlace(caseId, 'identity')) : null,
    contactPreference: row.contactPreference,
    sensitiveData: equity
      ? {
          consented: equity.consent === true,
          ...(equity.gender ? { gender: equity.gender } : {}),
          ...(equity.ethnicGroup ? { ethnicity: equity.ethnicGroup } : {}),
          ...(equity.disability ? { disability: equity.disability } : {}),
          ...(equity.ageBand ? { ageBand: equity.ageBand } : {}),
        }
      : null,
    dataPolicyConsent: { version: row.consentPolicyVersion, at: extra.consentAt?.toISOString() ?? null },
    company: row.companyName,
    categories: row.categories.map((c) => localized(c.name, language)),
    place: {
      municipality: row.municipality,
      vereda: row.vereda?.name ?? null,
      detail: row.placeDetail,
      latitude: point?.latitude ?? null,
      longitude: point?.longitude ?? null,
    },
    occurredOn: row.occurredOn,
    whatHappened: row.description,
    hopedOutcome: row.hopedOutcome,
    group: row.isCollective ? { name: row.groupName, kind: row.groupKind, size: row.groupSize } : null,
    history: events.map((e) => ({ at: e.createdAt.toISOString(), what: caseEventLabel(t, e.kind), byRole: role(e.actorRole), reason: e.reason })),
    messages: entries.map((m) => ({
      at: m.createdAt.toISOString(),
      byYou: mine(m.authorUserId, m.authorRole),
      authorRole: role(m.authorRole),
      visibility: m.visibility,
      body: m.body,
      files: m.attachments.map((f) => ({ kind: f.kind, mime: f.mime, size: Number(f.size), at: new Date(f.createdAt).toISOString() })),
    })),
    files: attachments.map((a) => ({ kind: a.kind, mime: a.mime, size: Number(a.size), sha256: a.sha256, at: a.createdAt.toISOString() })),
    identityViews: views.map((v) => ({ at: v.viewedAt.toISOString(), viewerRole: v.viewerRole ? t(`domain:role.${v.viewerRole}`) : null, purpose: v.purpose })),
  };
}

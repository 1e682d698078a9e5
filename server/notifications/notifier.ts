/**
 * The one way people are told about something they must act on. In the transaction of the event it
 * writes an in-app notification per recipient and, for each who wants that kind by e-mail, an outbox
 * e-mail (rendered in the recipient's language when sent: server/mail/emailTemplates.ts). After commit
 * it pushes `notifications.new` to the recipient's sockets. E-mails carry the case reference and a link,
 * never complaint text or an identity. Anonymous complainants have no account: nothing is pushed to them.
 */
import type { NotificationDto, NotificationKind } from '../../shared/types/notifications';
import type { EmailKind } from '../../shared/types/accounts';
import type { AppContext } from '../context';
import type { Queryable, Tx } from '../db/database';
import { enqueueEmails, type OutboxEntry } from '../mail/mailer';
import { presentNotification } from '../presenters/notificationPresenter';
import type { CaseRow } from '../repositories/cases';
import {
  audienceRecipients,
  audienceUserIds,
  findRecipients,
  insertNotifications,
  liaisonsOf,
  type AudienceGroups,
  type Recipient,
} from '../repositories/notifications';
import { audibleCompany, caseAudience, type CaseAudience, type CaseAudienceFacts, type CaseTopic } from '../policies/caseAudience';
import type { FieldCipher } from '../crypto/fieldCipher';

/** What happened, about which case, and who must hear it (user ids; duplicates and the actor are dropped). */
export interface NotifyRequest {
  kind: NotificationKind;
  caseId: string;
  recipients: readonly string[];
  /** Who caused the event; never notified about their own action. */
  actorUserId?: string | null;
  /** Facts shown in the notification: the case reference, a new status, a date. No free text. */
  data: { reference: string; status?: string; dueOn?: string };
  /** The recipients' accounts when the caller read them already (findRecipients), saving a read. */
  found?: readonly Recipient[];
  /** The case's mechanism when the caller knows it, saving a read for the e-mails. */
  mechanismId?: string;
}

/**
 * Which notices also go out by e-mail: the template of the `emails` namespace, and the choice in the
 * person's e-mail preferences (users.email_preferences) that turns it off. Status changes have no
 * switch of their own; informational deadline notices (paused, resumed) stay in the app, while the
 * notices the law requires (an extension, a request for information, a withdrawal, a referral) always go.
 */
export const EMAIL_FOR: Record<string, { template: string; preference?: EmailKind }> = {
  new_case: { template: 'new_case', preference: 'new_case' },
  message: { template: 'message', preference: 'message' },
  agreement_proposed: { template: 'agreement_proposed', preference: 'agreement' },
  commitment_due: { template: 'commitment_due', preference: 'commitment_due' },
  status_changed: { template: 'status_changed' },
  'deadlines.reminder': { template: 'deadline_reminder', preference: 'deadline_reminder' },
  'cases.escalated': { template: 'escalation', preference: 'escalation' },
  // Notices Ley 1755 de 2015 requires the complainant to receive: no switch turns them off.
  'deadlines.extended': { template: 'deadline_extended' },
  information_requested: { template: 'information_requested' },
  information_lapsed: { template: 'information_lapsed' },
  referral_sent: { template: 'referral_sent' },
};

/** Whether a person wants this kind of notice by e-mail (and has an address to receive it). */
export function wantsEmail(recipient: Recipient, kind: string): boolean {
  const preference = EMAIL_FOR[kind]?.preference;
  return recipient.email !== null && (preference === undefined || recipient.emailPreferences?.[preference] !== false);
}

/**
 * Writes the outbox e-mails for notices just written, in the same transaction: one per notice whose
 * kind has a template and whose recipient wants it, in the recipient's language, with the notice's
 * facts (the case reference, a new status, a stage and date) and a link — never free text. Used by
 * notify() and by the deadline engine's notices.
 */
export async function emailNotices(
  q: Queryable,
  cipher: FieldCipher,
  notices: readonly { userId: string; caseId: string | null; kind: string; data?: Record<string, unknown> }[],
  at: Date,
  known: { recipients?: readonly Recipient[]; cases?: readonly { id: string; reference: string; mechanismId: string }[] } = {},
): Promise<number> {
  const wanted = notices.filter((n) => EMAIL_FOR[n.kind] && n.caseId);
  if (wanted.length === 0) return 0;
  const userIds = [...new Set(wanted.map((n) => n.userId))];
  const caseIds = [...new Set(wanted.map((n) => n.caseId!))];
  // What the caller already read is not read again (a filing's notices are written in its locked tail).
  const recipients = new Map(
    (known.recipients && userIds.every((id) => known.recipients!.some((r) => r.id === id)) ? known.recipients : await findRecipients(q, cipher, userIds)).map((r) => [r.id, r]),
  );
  // A map, not a search per id: a deadline sweep passes the notices of hundreds of cases at once.
  const knownCases = new Map((known.cases ?? []).map((c) => [c.id, c]));
  const cases = caseIds.every((id) => knownCases.has(id))
    ? knownCases
    : new Map(
        (
          await q.query<{ id: string; reference: string; mechanismId: string }>(
            'SELECT id, reference, mechanism_id AS "mechanismId" FROM cases WHERE id = ANY($1::uuid[])',
            [caseIds],
          )
        ).map((c) => [c.id, c]),
      );
  const entries: OutboxEntry[] = [];
  for (const n of wanted) {
    const recipient = recipients.get(n.userId);
    const about = cases.get(n.caseId!);
    const entry = recipient && about && noticeEmail(recipient, { ...n, caseId: n.caseId! }, about);
    if (entry) entries.push(entry);
  }
  await enqueueEmails(q, cipher, entries, at);
  return entries.length;
}

/** The e-mail of one notice, when its kind has a template and its recipient wants it (emailNotices' rule). */
export function noticeEmail(
  recipient: Recipient,
  n: { caseId: string; kind: string; data?: Record<string, unknown> },
  about: { reference: string; mechanismId: string },
): OutboxEntry | undefined {
  if (!EMAIL_FOR[n.kind] || !wantsEmail(recipient, n.kind)) return undefined;
  return {
    to: recipient.email!,
    language: recipient.language,
    template: EMAIL_FOR[n.kind]!.template,
    // The case's mechanism, not the recipient's: an officer of two mechanisms gets notices of both.
    mechanismId: about.mechanismId,
    // The status a status_changed e-mail names travels here: without it the e-mail read «status.{{status}}».
    data: { ...n.data, recipientName: recipient.displayName, reference: about.reference, path: casePath(n.caseId) },
  };
}

/** The app path an e-mail links to for a case. */
export function casePath(caseId: string): string {
  return `/casos/${caseId}`;
}

/** Notifies `recipients` inside `tx`; returns the notifications written. */
export async function notify(ctx: AppContext, tx: Tx, request: NotifyRequest): Promise<NotificationDto[]> {
  const ids = [...new Set(request.recipients)].filter((id) => id !== request.actorUserId);
  if (ids.length === 0) return [];
  const at = ctx.clock.now();
  const wanted = new Set(ids);
  const found = request.found ? request.found.filter((r) => wanted.has(r.id)) : await findRecipients(tx, ctx.cipher, ids);
  const rows = await insertNotifications(
    tx,
    found.map((recipient) => ({ userId: recipient.id, caseId: request.caseId, kind: request.kind, data: request.data, at })),
  );
  await emailNotices(tx, ctx.cipher, rows, at, {
    recipients: found,
    cases: request.mechanismId ? [{ id: request.caseId, reference: request.data.reference, mechanismId: request.mechanismId }] : undefined,
  });
  const written = rows.map((row) => ({ userId: row.userId, notification: presentNotification(row) }));
  tx.afterCommit(() => ctx.realtime.notify(written));
  return written.map((w) => w.notification);
}

/**
 * The accounts that hear of `topic` about case `c` (policies/caseAudience, the one rule): the company's
 * active liaisons when it may hear of the case, the complainant's side, and the mechanism's officers
 * when the topic is theirs.
 */
export async function audienceIds(q: Queryable, c: CaseAudienceFacts, topic: CaseTopic): Promise<string[]> {
  return audienceUserIds(q, groupsOf(caseAudience(c, topic)));
}

/** The groups of an audience, for the one statement that reads their accounts. */
function groupsOf(audience: CaseAudience): AudienceGroups {
  return { userIds: audience.userIds, companyId: audience.companyId, ombudsmanOf: audience.ombudsman ? audience.mechanismId : null };
}

/**
 * A case is now in a company's hands (filed naming it, or routed to it by the ombudsman): its liaisons
 * must acknowledge it. Red-flag cases wait for the ombudsman's decision. Called by the intake branch's
 * case creator and router in the same transaction as the case.
 */
export async function notifyNewCase(
  ctx: AppContext,
  tx: Tx,
  c: Pick<CaseRow, 'id' | 'reference' | 'companyId' | 'redFlag'>,
  actorUserId: string | null,
  known: { liaisons?: readonly Recipient[]; mechanismId?: string } = {},
): Promise<NotificationDto[]> {
  const liaisons = known.liaisons ?? (await newCaseRecipients(tx, ctx.cipher, c));
  if (liaisons.length === 0) return [];
  return notify(ctx, tx, {
    kind: 'new_case',
    caseId: c.id,
    recipients: liaisons.map((l) => l.id),
    found: liaisons,
    actorUserId,
    data: { reference: c.reference },
    mechanismId: known.mechanismId,
  });
}

/**
 * What notifyNewCase writes, made without the database for a filing that writes everything in one
 * statement (repositories/filings.ts): a `new_case` notice to each of the company's active `liaisons`
 * (read ahead, sealed fields opened) when it may hear of the case, the actor excepted, and the e-mails
 * of those who want them. The reference is not known yet: file_case merges it into both.
 */
export function newCaseNotices(
  c: Pick<CaseRow, 'id' | 'companyId' | 'redFlag'> & { mechanismId: string },
  actorUserId: string | null,
  liaisons: readonly Recipient[],
): { recipients: Recipient[]; emails: OutboxEntry[] } {
  if (audibleCompany(c) === null) return { recipients: [], emails: [] };
  const recipients = liaisons.filter((l, i) => l.id !== actorUserId && liaisons.findIndex((o) => o.id === l.id) === i);
  const emails = recipients.flatMap((r) => noticeEmail(r, { caseId: c.id, kind: 'new_case', data: {} }, { reference: '', mechanismId: c.mechanismId }) ?? []);
  return { recipients, emails };
}

/** Who notifyNewCase tells about case `c`, read ahead by a caller that wants no reads in its last statements. */
export async function newCaseRecipients(q: Queryable, cipher: FieldCipher, c: Pick<CaseRow, 'companyId' | 'redFlag'>): Promise<Recipient[]> {
  const company = audibleCompany(c);
  return company !== null ? liaisonsOf(q, cipher, company) : [];
}

/**
 * Who hears of a new message: a `parties` message reaches both parties, an `ombudsman_private` one only
 * the complainant side (the ombudsman reads it in the thread); `internal` notes notify nobody.
 */
export async function messageRecipients(tx: Tx, cipher: FieldCipher, c: CaseAudienceFacts, visibility: string): Promise<Recipient[]> {
  const topic: CaseTopic | null = visibility === 'parties' ? 'parties' : visibility === 'ombudsman_private' ? 'complainant' : null;
  // Read with their e-mail settings in the same statement: a hundred liaisons cost one read, not two.
  return topic === null ? [] : audienceRecipients(tx, cipher, groupsOf(caseAudience(c, topic)));
}

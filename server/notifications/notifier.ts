/**
 * The one way people are told about something they must act on. In the transaction of the event it
 * writes an in-app notification per recipient and, for each who wants that kind by e-mail, an outbox
 * e-mail (rendered in the recipient's language when sent: server/mail/emailTemplates.ts). After commit
 * it pushes `notifications.new` to the recipient's sockets. E-mails carry the case reference and a link,
 * never complaint text or an identity. Anonymous complainants have no account: nothing is pushed to them.
 * Two doors, one module: `notify` for people named by id (a message's readers, a company's liaisons),
 * `notifyAudience(s)` for audiences (policies/caseAudience: deadlines, extensions, reveals, reprisals).
 * One exception to "in the transaction of the event": a message's notices follow its push, in their own
 * transaction, exactly once through a note written with the message (`writeMessageNotices`).
 */
import { DIGEST_KINDS, DIGEST_REFERENCES, digestPath, type DigestData, type NotificationDto, type NotificationKind } from '../../shared/types/notifications';
import type { EmailKind } from '../../shared/types/accounts';
import type { AppContext } from '../context';
import type { Queryable, Tx } from '../db/database';
import { sealedOutboxRows, type OutboxEntry } from '../mail/mailer';
import { presentNotification } from '../presenters/notificationPresenter';
import type { CaseRow } from '../repositories/cases';
import type { AudienceNotice, BatchNotice, NotificationAudience } from '../repositories/deadlines';
import {
  caseMechanismId,
  caseReferences,
  audienceAccounts,
  audienceUserIds,
  sealedAudienceRecipients,
  findRecipients,
  insertNotificationsWithEmails,
  liaisonsOf,
  releasePendingNotices,
  type AudienceAccount,
  type AudienceGroups,
  type OutboxInsert,
  type Recipient,
} from '../repositories/notifications';
import { audibleCompany, audienceIsEmpty, caseAudience, type CaseAudience, type CaseAudienceFacts, type CaseTopic } from '../policies/caseAudience';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openedAccount } from '../repositories/users';

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
  /** The message whose pending notices these are (writeMessageNotices): written only by whoever clears its note. */
  pendingMessageId?: number;
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
  // A sweep batch's many notices of one kind to one person, as one (DIGEST_KINDS): the same switch as each.
  'deadlines.reminder_digest': { template: 'deadline_reminder_digest', preference: 'deadline_reminder' },
  'cases.escalated_digest': { template: 'escalation_digest', preference: 'escalation' },
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

/** The e-mail of one notice, when its kind has a template and its recipient wants it (the deadline notices' rule too). */
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

/**
 * Notifies `recipients` inside `tx`; returns the notifications written. The notices and the e-mails of
 * those who want them are written in one statement (the mechanism read first only when not given).
 */
export async function notify(ctx: AppContext, tx: Tx, request: NotifyRequest): Promise<NotificationDto[]> {
  const ids = [...new Set(request.recipients)].filter((id) => id !== request.actorUserId);
  const wanted = new Set(ids);
  const found = ids.length === 0 ? [] : request.found ? request.found.filter((r) => wanted.has(r.id)) : await findRecipients(tx, ctx.cipher, ids);
  if (found.length === 0) {
    if (request.pendingMessageId !== undefined) await releasePendingNotices(tx, request.pendingMessageId);
    return [];
  }
  const at = ctx.clock.now();
  const mechanismId = request.mechanismId ?? (await caseMechanismId(tx, request.caseId));
  const about = { reference: request.data.reference, mechanismId };
  const emails = found.flatMap((r) => noticeEmail(r, { caseId: request.caseId, kind: request.kind, data: request.data }, about) ?? []);
  const rows = await insertNotificationsWithEmails(
    tx,
    found.map((recipient) => ({ userId: recipient.id, caseId: request.caseId, kind: request.kind, data: request.data, at })),
    sealedOutboxRows(ctx.cipher, emails),
    at,
    request.pendingMessageId,
  );
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
  const topic = messageTopic(visibility);
  if (topic === null) return [];
  // Read with their e-mail settings in the same statement: a hundred liaisons cost one read, not two.
  const sealed = await sealedAudienceRecipients(tx, groupsOf(caseAudience(c, topic)));
  // Opening them, then sealing their e-mails (notify), is a few milliseconds of synchronous work right after
  // the message's push: what became ready meanwhile (socket I/O, other requests) goes first, not after it.
  // On a loaded machine the push's sockets were otherwise read only after it (docs/scaling.md, Session 13).
  await new Promise((resolve) => setImmediate(resolve));
  return sealed.map((row) => openedAccount(cipher, row));
}

/**
 * Resolves after the event loop's next poll for I/O. Work that follows a push waits for it, so that what the
 * push's socket writes made ready (and any other socket or request ready by then) is handled first: a
 * setImmediate queued from an I/O callback runs in that same turn's check phase, before the next poll; the
 * second one it queues runs only after it (docs/scaling.md, Session 19).
 */
export function afterNextPoll(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Whether a message of this visibility notifies anyone (then its notices are written after its push: writeMessageNotices). */
export function messageNotifies(visibility: string): boolean {
  return messageTopic(visibility) !== null;
}

function messageTopic(visibility: string): CaseTopic | null {
  return visibility === 'parties' ? 'parties' : visibility === 'ombudsman_private' ? 'complainant' : null;
}

/**
 * Writes the notices and e-mails of a committed message noted as pending (repositories/messages
 * insertThreadEntry's `noticesPending`), in a transaction of their own, and pushes the notices after it
 * commits. Exactly once: the statement that writes them deletes the note, and writes nothing when another
 * writer deleted it first. Called after the message's commit and push (messagePoster), and by the
 * message-notices job for notes a crash left behind; `c` is the case as the caller read it.
 */
export async function writeMessageNotices(
  ctx: AppContext,
  message: { id: number; visibility: string; authorUserId: string | null },
  c: CaseAudienceFacts & { reference: string; mechanismId: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const found = await messageRecipients(tx, ctx.cipher, c, message.visibility);
    await notify(ctx, tx, {
      kind: 'message',
      caseId: c.id,
      recipients: found.map((r) => r.id),
      found,
      actorUserId: message.authorUserId,
      data: { reference: c.reference },
      mechanismId: c.mechanismId,
      pendingMessageId: message.id,
    });
  });
}

/** Registers work to run after the commit (tx.afterCommit, or the sweeper's per-case list). */
export type AfterCommit = (work: () => void | Promise<void>) => void;

/** Writes a notice for each person in `audience` and pushes them after commit; returns how many. */
export function notifyAudience(
  ctx: Pick<AppContext, 'realtime' | 'cipher'>,
  q: Queryable,
  later: AfterCommit,
  audience: NotificationAudience,
  notice: { caseId: string; kind: string; data: Record<string, unknown>; at: Date },
): Promise<number> {
  const { at, ...about } = notice;
  return notifyAudiences(ctx, q, later, [{ audience, ...about }], at);
}

/** The notices of many audiences, each with the accounts that hear it, and the e-mails of those who want them, sealed. */
export interface PlannedNotices {
  notices: BatchNotice[];
  emails: OutboxInsert[];
}

/** How a sweep batch's notices are planned: `digestAbove` turns more than that many of a digest kind to one person into one digest. */
export interface PlanOptions {
  digestAbove?: number;
}

/**
 * Decides who hears each notice and which e-mails go out, with one read (the accounts of every audience,
 * repositories/notifications.audienceAccounts) and, only for notices that do not name their case's
 * reference, one more (the references). Notices that reach nobody are left out; each notice's accounts
 * are in id order, and its e-mails follow them (the outbox rows in the order of the notices). With
 * `digestAbove`, a person who would get more than that many notices of a kind in DIGEST_KINDS gets one
 * digest notice (no case; written after the others) and, if they take that kind by e-mail, one digest e-mail.
 */
export async function planAudienceNotices(
  cipher: FieldCipher,
  q: Queryable,
  notices: readonly AudienceNotice[],
  options: PlanOptions = {},
): Promise<PlannedNotices> {
  const reaching = notices.filter(({ audience }) => !audienceIsEmpty(audience));
  if (reaching.length === 0) return { notices: [], emails: [] };
  const accounts = await audienceAccounts(
    q,
    cipher,
    reaching.map((n) => n.audience),
  );
  const members = audienceMembers(accounts);
  let planned: { notice: AudienceNotice; recipients: AudienceAccount[] }[] = reaching.map((notice) => ({ notice, recipients: members(notice.audience) }));
  const digests = options.digestAbove === undefined ? [] : takeDigests(planned, options.digestAbove);
  planned = planned.filter((p) => p.recipients.length > 0);
  // Reminders and escalations name their case's reference; other notices (an extension, a reveal) may not.
  const unnamed = [...new Set(planned.filter((p) => EMAIL_FOR[p.notice.kind] && typeof p.notice.data.reference !== 'string').map((p) => p.notice.caseId))];
  const references = unnamed.length === 0 ? new Map<string, string>() : await caseReferences(q, unnamed);
  const emails: OutboxEntry[] = [];
  for (const { notice, recipients } of planned) {
    if (!EMAIL_FOR[notice.kind]) continue;
    const reference = typeof notice.data.reference === 'string' ? notice.data.reference : references.get(notice.caseId);
    if (reference === undefined) continue;
    // The case's mechanism, which is the audience's: an officer of two mechanisms gets notices of both.
    const about = { reference, mechanismId: notice.audience.mechanismId };
    for (const r of recipients) {
      const email = noticeEmail(r, notice, about);
      if (email) emails.push(email);
    }
  }
  const batch: BatchNotice[] = planned.map(({ notice, recipients }) => ({
    caseId: notice.caseId,
    kind: notice.kind,
    data: notice.data,
    userIds: recipients.map((r) => r.id),
  }));
  for (const d of digests) {
    const data: DigestData = { count: d.cases.size, references: d.references };
    batch.push({ caseId: null, kind: d.kind, data: { ...data }, userIds: [d.recipient.id] });
    if (wantsEmail(d.recipient, d.kind))
      emails.push({
        to: d.recipient.email!,
        language: d.recipient.language,
        template: EMAIL_FOR[d.kind]!.template,
        mechanismId: d.mechanismId,
        data: { recipientName: d.recipient.displayName, count: data.count, references: data.references.join(', '), path: digestPath(d.recipient.role, d.kind) },
      });
  }
  return { notices: batch, emails: sealedOutboxRows(cipher, emails) };
}

/** One person's digest of one kind in a batch: the cases it stands for and the first references. */
interface Digest {
  recipient: AudienceAccount;
  kind: string;
  mechanismId: string;
  cases: Set<string>;
  references: string[];
}

/**
 * Takes out of `planned` every recipient who would hear more than `above` notices of one digest kind, and
 * returns their digests (in the order their first notice came). Accounts are tallied by the object
 * audienceMembers hands out (one per account in a plan), not by a key string made per notice and recipient.
 */
function takeDigests(planned: { notice: AudienceNotice; recipients: AudienceAccount[] }[], above: number): Digest[] {
  const digestOf = (kind: string): string | undefined => DIGEST_KINDS[kind as keyof typeof DIGEST_KINDS];
  const tallies = new Map<string, Map<AudienceAccount, Digest & { notices: number }>>();
  const found: (Digest & { notices: number })[] = [];
  for (const { notice, recipients } of planned) {
    const kind = digestOf(notice.kind);
    if (kind === undefined) continue;
    let tally = tallies.get(kind);
    if (!tally) tallies.set(kind, (tally = new Map()));
    const reference = notice.data.reference;
    for (const r of recipients) {
      let d = tally.get(r);
      if (!d) {
        d = { recipient: r, kind, mechanismId: notice.audience.mechanismId, cases: new Set(), references: [], notices: 0 };
        tally.set(r, d);
        found.push(d);
      }
      d.notices++;
      d.cases.add(notice.caseId);
      if (typeof reference === 'string' && d.references.length < DIGEST_REFERENCES && !d.references.includes(reference)) d.references.push(reference);
    }
  }
  const digests = found.filter((d) => d.notices > above);
  if (digests.length === 0) return [];
  for (const p of planned) {
    const kind = digestOf(p.notice.kind);
    const tally = kind === undefined ? undefined : tallies.get(kind);
    if (tally === undefined) continue;
    p.recipients = p.recipients.filter((r) => tally.get(r)!.notices <= above);
  }
  return digests;
}

/**
 * Who of `accounts` hears an audience (the rule policies/caseAudience states, applied to accounts read
 * once): the active officers of its mechanism when it names them, the active liaisons of its company, and
 * its named accounts of the same mechanism; each once, in id order. Group lists are worked out once per
 * group, not once per notice: a sweep's batch has thousands of notices and a handful of groups. An
 * audience with no one named beyond its groups gets its group's list itself (callers must not change it).
 */
export function audienceMembers(accounts: readonly AudienceAccount[]): (audience: NotificationAudience) => AudienceAccount[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  // By mechanism, then company ('' for none), then whether the officers hear it: no key string made per notice.
  const groups = new Map<string, Map<string, { officers?: AudienceAccount[]; others?: AudienceAccount[] }>>();
  const byAccountId = (a: AudienceAccount, b: AudienceAccount) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return (audience) => {
    let ofMechanism = groups.get(audience.mechanismId);
    if (!ofMechanism) groups.set(audience.mechanismId, (ofMechanism = new Map()));
    let ofCompany = ofMechanism.get(audience.companyId ?? '');
    if (!ofCompany) ofMechanism.set(audience.companyId ?? '', (ofCompany = {}));
    let staff = audience.ombudsman ? ofCompany.officers : ofCompany.others;
    if (!staff) {
      staff = accounts.filter(
        (a) =>
          a.mechanismId === audience.mechanismId &&
          ((a.role === 'ombudsman' && audience.ombudsman) || (a.role === 'liaison' && audience.companyId !== null && a.companyId === audience.companyId)),
      );
      if (audience.ombudsman) ofCompany.officers = staff;
      else ofCompany.others = staff;
    }
    let members: AudienceAccount[] | undefined;
    for (const id of audience.userIds) {
      const a = byId.get(id);
      if (!a || a.mechanismId !== audience.mechanismId || staff.includes(a) || members?.includes(a)) continue;
      (members ??= staff.slice()).push(a);
    }
    return members ? members.sort(byAccountId) : staff;
  };
}

/**
 * Writes the notices of many cases at once: who hears each is read in one statement, and the notices
 * with the e-mails of those who want them are written in one more; pushed after commit. Returns how many
 * notices were written.
 */
export async function notifyAudiences(
  ctx: Pick<AppContext, 'realtime' | 'cipher'>,
  q: Queryable,
  later: AfterCommit,
  notices: readonly AudienceNotice[],
  at: Date,
): Promise<number> {
  const plan = await planAudienceNotices(ctx.cipher, q, notices);
  const rows = await insertNotificationsWithEmails(
    q,
    plan.notices.flatMap((n) => n.userIds.map((userId) => ({ userId, caseId: n.caseId, kind: n.kind, data: n.data, at }))),
    plan.emails,
    at,
  );
  if (rows.length > 0) later(() => ctx.realtime.notify(rows.map((row) => ({ userId: row.userId, notification: presentNotification(row) }))));
  return rows.length;
}

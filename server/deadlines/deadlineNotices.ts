/**
 * Who hears about a deadline, and the in-app notices for them: rows written in the caller's
 * transaction, pushed to each person's socket room only after it commits.
 */
import type { DeadlineResponsible } from '../../shared/types/deadlines';
import type { AppContext } from '../context';
import type { Queryable } from '../db/database';
import { presentNotification } from '../presenters/notificationPresenter';
import { insertAudienceNotifications, type AudienceNotice, type NotificationAudience } from '../repositories/deadlines';
import { emailNotices } from '../notifications/notifier';
import { audienceIsEmpty, caseAudience, type CaseAudienceFacts } from '../policies/caseAudience';

/** Registers work to run after the commit (tx.afterCommit, or the sweeper's per-case list). */
export type AfterCommit = (work: () => void | Promise<void>) => void;

/** The case facts an audience is drawn from. */
export type NoticeCase = CaseAudienceFacts;

/** The people who must act before a deadline (caseAudience): a red-flagged case stays hidden from its company. */
export function responsibleAudience(c: NoticeCase, responsible: DeadlineResponsible): NotificationAudience {
  return caseAudience(c, { deadline: responsible });
}

/** Everyone concerned by a case: the company's liaisons, the ombudsman officers and the complainant's accounts. */
export function everyoneAudience(c: NoticeCase): NotificationAudience {
  return caseAudience(c, 'everything');
}

/** Only the complainant's accounts (e.g. told of an extension). */
export function complainantAudience(c: NoticeCase): NotificationAudience {
  return caseAudience(c, 'complainant');
}

/** Writes a notice for each person in `audience` and pushes them after commit; returns how many. */
export function notifyPeople(
  ctx: Pick<AppContext, 'realtime' | 'cipher'>,
  q: Queryable,
  later: AfterCommit,
  audience: NotificationAudience,
  notice: { caseId: string; kind: string; data: Record<string, unknown>; at: Date },
): Promise<number> {
  const { at, ...about } = notice;
  return notifyAudiences(ctx, q, later, [{ audience, ...about }], at);
}

/**
 * Writes the notices of many cases at once (the deadline sweep's batch): the in-app notices in one
 * statement, the e-mails of those who want them in two more (their accounts, the outbox), pushed after
 * commit. Returns how many notices were written.
 */
export async function notifyAudiences(
  ctx: Pick<AppContext, 'realtime' | 'cipher'>,
  q: Queryable,
  later: AfterCommit,
  notices: readonly AudienceNotice[],
  at: Date,
): Promise<number> {
  const reaching = notices.filter(({ audience }) => !audienceIsEmpty(audience));
  if (reaching.length === 0) return 0;
  const rows = await insertAudienceNotifications(q, reaching, at);
  // Reminders and escalations also go out by e-mail, from the outbox, in the same transaction. The
  // notices name their case's reference and the audience its mechanism: the cases need no re-read.
  const cases = reaching.flatMap((n) => (typeof n.data.reference === 'string' ? [{ id: n.caseId, reference: n.data.reference, mechanismId: n.audience.mechanismId }] : []));
  await emailNotices(q, ctx.cipher, rows, at, { cases });
  if (rows.length > 0) later(() => ctx.realtime.notify(rows.map((row) => ({ userId: row.userId, notification: presentNotification(row) }))));
  return rows.length;
}

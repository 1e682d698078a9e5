/**
 * Who hears about a deadline, and the in-app notices for them: rows written in the caller's
 * transaction, pushed to each person's socket room only after it commits.
 */
import type { DeadlineResponsible } from '../../shared/types/deadlines';
import type { AppContext } from '../context';
import type { Queryable } from '../db/database';
import { presentNotification } from '../presenters/notificationPresenter';
import { insertNotifications, type NotificationAudience } from '../repositories/deadlines';
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
export async function notifyPeople(
  ctx: Pick<AppContext, 'realtime'>,
  q: Queryable,
  later: AfterCommit,
  audience: NotificationAudience,
  notice: { caseId: string; kind: string; data: Record<string, unknown>; at: Date },
): Promise<number> {
  if (audienceIsEmpty(audience)) return 0;
  const rows = await insertNotifications(q, audience, notice);
  // Reminders and escalations also go out by e-mail, from the outbox, in the same transaction.
  await emailNotices(q, rows, notice.at);
  if (rows.length > 0) later(() => ctx.realtime.notify(rows.map((row) => ({ userId: row.userId, notification: presentNotification(row) }))));
  return rows.length;
}

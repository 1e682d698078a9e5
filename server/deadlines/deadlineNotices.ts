/**
 * Who hears about a deadline: the audiences of its notices (policies/caseAudience applied to the
 * deadline's responsible side). Writing and pushing the notices is notifications/notifier's.
 */
import type { DeadlineResponsible } from '../../shared/types/deadlines';
import type { NotificationAudience } from '../repositories/deadlines';
import { caseAudience, type CaseAudienceFacts } from '../policies/caseAudience';

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

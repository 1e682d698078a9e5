/**
 * What each case of a period contributes to the effectiveness report (issue #17 item 4), read in one
 * pass: its groups from `case_figures` (the summary row the oversight keeps per case, with its
 * acknowledgement duration and satisfaction already counted in the mechanism's business days), the
 * other stage durations, deadlines met, commitments confirmed by the community, reopenings, reprisal
 * reports and referrals from their own tables, and the equity answers still sealed (opened by the caller).
 */
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { PetitionKind } from '../../shared/types/deadlines';
import type { ReferralOutcome, ReferralRemedy } from '../../shared/referralRemedies';
import type { Queryable } from '../db/database';
import { endOfBogotaDay, startOfBogotaDay } from '../../shared/calendar';

/** One case's facts; durations in business days of the case's mechanism, null when the stage was not reached. */
export interface CaseFacts {
  id: string;
  municipalityId: string;
  status: CaseStatus;
  consequenceLevel: number | null;
  petitionKind: PetitionKind;
  categories: string[];
  equityCiphertext: string | null;
  /** The acknowledgement (`acknowledge`) and first-answer (`first_answer`) terms: whether one fell due, and whether all that did were met in time. */
  ackDue: boolean;
  ackOnTime: boolean;
  answerDue: boolean;
  answerOnTime: boolean;
  daysAcknowledge: number | null;
  daysAdmissibility: number | null;
  daysAgreement: number | null;
  daysImplementation: number | null;
  /** Business days from filing to the first answer: the company's first substantive answer or a decision not to admit. */
  daysResponse: number | null;
  admitted: boolean;
  agreementReached: boolean;
  commitmentsDue: number;
  commitmentsKept: number;
  everClosed: boolean;
  reopened: boolean;
  satisfactionSum: number;
  satisfactionCount: number;
  reprisalReports: number;
  forwarded: boolean;
  everNotAdmitted: boolean;
  referrals: { remedy: ReferralRemedy; outcome: ReferralOutcome }[];
}

/**
 * The facts of every case of `mechanismId` filed from `from` to `to` (Bogota dates, both included; the
 * dashboard's period filter), as of `now`.
 */
export function caseFacts(db: Queryable, mechanismId: string, from: string, to: string, now: Date): Promise<CaseFacts[]> {
  return db.query<CaseFacts>(
    `WITH scope AS (
       SELECT c.* FROM cases c WHERE c.mechanism_id = $1 AND c.created_at >= $2 AND c.created_at <= $3
     )
     SELECT c.id, c.municipality_id AS "municipalityId", c.status, c.consequence_level AS "consequenceLevel",
            c.petition_kind AS "petitionKind", COALESCE(f.categories, '{}')::text[] AS categories,
            c.equity_ciphertext AS "equityCiphertext",
            COALESCE(d.ack_due, false) AS "ackDue", COALESCE(d.ack_on_time, false) AS "ackOnTime",
            COALESCE(d.answer_due, false) AS "answerDue", COALESCE(d.answer_on_time, false) AS "answerOnTime",
            f.acknowledge_days AS "daysAcknowledge",
            mechanism_business_days(c.mechanism_id, bogota_date(c.first_acknowledged_at), bogota_date(e.decided_at)) AS "daysAdmissibility",
            mechanism_business_days(c.mechanism_id, bogota_date(e.admitted_at), bogota_date(c.first_agreement_at)) AS "daysAgreement",
            mechanism_business_days(c.mechanism_id, bogota_date(c.first_agreement_at), bogota_date(c.first_resolved_at)) AS "daysImplementation",
            mechanism_business_days(c.mechanism_id, bogota_date(c.created_at), bogota_date(LEAST(d.answered_at, e.not_admitted_at))) AS "daysResponse",
            e.admitted_at IS NOT NULL AS admitted,
            c.first_agreement_at IS NOT NULL AS "agreementReached",
            COALESCE(k.due, 0)::int AS "commitmentsDue", COALESCE(k.kept, 0)::int AS "commitmentsKept",
            (e.reopened_at IS NOT NULL OR c.status IN ('resolved', 'closed_unresolved')) AS "everClosed",
            e.reopened_at IS NOT NULL AS reopened,
            COALESCE(f.satisfaction_sum, 0) AS "satisfactionSum", COALESCE(f.satisfaction_count, 0) AS "satisfactionCount",
            (SELECT count(*)::int FROM reprisal_reports r WHERE r.case_id = c.id) AS "reprisalReports",
            e.forwarded_at IS NOT NULL AS forwarded,
            e.not_admitted_at IS NOT NULL AS "everNotAdmitted",
            COALESCE((SELECT json_agg(json_build_object('remedy', x.remedy, 'outcome', x.outcome) ORDER BY x.remedy)
                      FROM case_referrals x WHERE x.case_id = c.id), '[]'::json) AS referrals
     FROM scope c
     LEFT JOIN case_figures f ON f.case_id = c.id
     LEFT JOIN LATERAL (
       SELECT min(created_at) FILTER (WHERE kind IN ('cases.admit', 'cases.not_admit')) AS decided_at,
              min(created_at) FILTER (WHERE kind = 'cases.admit') AS admitted_at,
              min(created_at) FILTER (WHERE kind = 'cases.not_admit') AS not_admitted_at,
              min(created_at) FILTER (WHERE kind = 'cases.reopen') AS reopened_at,
              min(created_at) FILTER (WHERE kind = 'cases.referral_sent') AS forwarded_at
       FROM case_events ev WHERE ev.case_id = c.id
     ) e ON true
     LEFT JOIN LATERAL (
       SELECT bool_or(stage = 'acknowledge' AND due) AS ack_due,
              COALESCE(bool_and(on_time) FILTER (WHERE stage = 'acknowledge' AND due), false) AS ack_on_time,
              bool_or(stage = 'first_answer' AND due) AS answer_due,
              COALESCE(bool_and(on_time) FILTER (WHERE stage = 'first_answer' AND due), false) AS answer_on_time,
              min(satisfied_at) FILTER (WHERE stage = 'first_answer') AS answered_at
       FROM (SELECT stage, satisfied_at,
                    (satisfied_at IS NOT NULL OR (paused_at IS NULL AND due_at < $4)) AS due,
                    (satisfied_at IS NOT NULL AND satisfied_at <= due_at) AS on_time
             FROM case_deadlines WHERE case_id = c.id AND cancelled_at IS NULL AND stage IN ('acknowledge', 'first_answer')) t
     ) d ON true
     LEFT JOIN LATERAL (
       -- A commitment counts once it fell due or was confirmed; it was kept when reported done by its date
       -- and the community (the complainant) confirmed it.
       SELECT count(*) FILTER (WHERE m.confirmed_at IS NOT NULL OR m.status = 'verified' OR m.due_on < bogota_date($4)) AS due,
              count(*) FILTER (WHERE m.confirmed_at IS NOT NULL AND m.reported_at < (m.due_on + 1)::timestamp AT TIME ZONE 'America/Bogota') AS kept
       FROM agreements a JOIN commitments m ON m.agreement_id = a.id WHERE a.case_id = c.id AND a.status = 'accepted'
     ) k ON true`,
    [mechanismId, startOfBogotaDay(from), endOfBogotaDay(to), now],
  );
}

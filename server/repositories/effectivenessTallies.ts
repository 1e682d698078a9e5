/**
 * What the cases of a period contribute to the effectiveness report (issue #17 item 4), added up from
 * the tallies the writes keep (migration 0048, issue #16 §6: counting the cases themselves took 35–42 s
 * at a million cases).
 *
 * Each case's facts — its cells (municipality, equity answers by their blind index from migration 0045,
 * status, consequence level, petition kind, categories), its stage durations in the mechanism's business
 * days, deadlines met, commitments confirmed by the community, reopenings, reprisal reports and
 * referrals — are kept in `case_effectiveness`, recomputed for the cases the writes noted (by the keeper
 * job, or by the report before it reads: catchUpEffectiveness), and summed per day of filing and cell. Every figure of the report is a sum over cells, or a median over their histograms
 * of whole business days, so it is the same as counting case by case.
 */
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { PetitionKind } from '../../shared/types/deadlines';
import type { ReferralOutcome, ReferralRemedy } from '../../shared/referralRemedies';
import type { Queryable } from '../db/database';
import { sql } from '../db/sql';

/** What a group of cases adds to each figure (counts of cases unless said otherwise). */
export interface GroupTotals {
  cases: number;
  /** Cases whose acknowledgement term fell due, and those of them met in time (every due one). */
  ackDue: number;
  ackMet: number;
  /** The same for the first-answer term. */
  answerDue: number;
  answerMet: number;
  admitted: number;
  /** Admitted cases that reached an agreement. */
  agreementReached: number;
  /** Cases with a commitment due; commitments due and kept among them; cases that kept every one. */
  commitmentCases: number;
  commitmentsDue: number;
  commitmentsKept: number;
  commitmentCasesAllKept: number;
  everClosed: number;
  /** Closed cases reopened. */
  reopened: number;
  /** Cases with a satisfaction answer; the scores' sum and number among them. */
  satisfactionCases: number;
  satisfactionSum: number;
  satisfactionCount: number;
  reprisalReported: number;
  referred: number;
  forwarded: number;
  everNotAdmitted: number;
}

/** Cases that fall in the same cell of every table, and what they add up to. */
export interface CaseGroup extends GroupTotals {
  municipalityId: string;
  equityIndex: string | null;
  status: CaseStatus;
  consequenceLevel: number | null;
  petitionKind: PetitionKind;
  categories: string[];
}

/** A duration the report gives the median of, in business days of the mechanism. */
export type Duration = 'days_acknowledge' | 'days_admissibility' | 'days_agreement' | 'days_implementation' | 'days_response';

/** How many cases of a municipality, equity index and petition kind took `days` for one duration. */
export interface DurationBar {
  municipalityId: string;
  equityIndex: string | null;
  petitionKind: PetitionKind;
  duration: Duration;
  days: number;
  n: number;
}

/** The report's counts for one mechanism and period. */
export interface EffectivenessCounts {
  groups: CaseGroup[];
  bars: DurationBar[];
  referrals: { remedy: ReferralRemedy; outcome: ReferralOutcome; n: number }[];
}

/** The cell's sums of effectiveness_tallies (migration 0048) that do not depend on the clock, as GroupTotals. */
const SETTLED = sql`sum(cases)::int AS cases, sum(admitted)::int AS admitted, sum(agreement_reached)::int AS "agreementReached",
              sum(ever_closed)::int AS "everClosed", sum(reopened)::int AS reopened,
              sum(satisfaction_cases)::int AS "satisfactionCases", sum(satisfaction_sum)::int AS "satisfactionSum",
              sum(satisfaction_count)::int AS "satisfactionCount", sum(reprisal_reported)::int AS "reprisalReported",
              sum(referred)::int AS referred, sum(forwarded)::int AS forwarded, sum(ever_not_admitted)::int AS "everNotAdmitted"`;

/**
 * The counts of every case of `mechanismId` filed from `from` to `to` (Bogota dates, both included; the
 * dashboard's period filter), as of `now`: the tallies the writes keep (migration 0048) added up. A cell
 * whose cases have a running deadline or a commitment not yet confirmed carries the instants those start
 * to count; they are compared with `now` here, cell by cell, as the report counted them case by case.
 */
export function effectivenessCounts(db: Queryable, mechanismId: string, from: string, to: string, now: Date): Promise<EffectivenessCounts> {
  return db.one<EffectivenessCounts>(
    sql`WITH cells AS (
       SELECT municipality_id, equity_index, status, consequence_level, petition_kind, categories,
              COALESCE(ack_pending_from < ${now}, false) AS ack_late, COALESCE(answer_pending_from < ${now}, false) AS answer_late,
              (SELECT count(*) FROM unnest(commitments_pending) d WHERE d < bogota_date(${now}))::int AS commitments_late,
              sum(cases) AS cases, sum(ack_settled) AS ack_settled, sum(ack_met) AS ack_met,
              sum(answer_settled) AS answer_settled, sum(answer_met) AS answer_met, sum(admitted) AS admitted,
              sum(agreement_reached) AS agreement_reached, sum(commitment_cases) AS commitment_cases,
              sum(commitments_settled) AS commitments_settled, sum(commitments_kept) AS commitments_kept,
              sum(commitment_cases_all_kept) AS commitment_cases_all_kept, sum(ever_closed) AS ever_closed, sum(reopened) AS reopened,
              sum(satisfaction_cases) AS satisfaction_cases, sum(satisfaction_sum) AS satisfaction_sum,
              sum(satisfaction_count) AS satisfaction_count, sum(reprisal_reported) AS reprisal_reported, sum(referred) AS referred,
              sum(forwarded) AS forwarded, sum(ever_not_admitted) AS ever_not_admitted
       FROM effectiveness_tallies
       WHERE mechanism_id = ${mechanismId} AND filed_on BETWEEN ${from}::date AND ${to}::date
       GROUP BY municipality_id, equity_index, status, consequence_level, petition_kind, categories,
                ack_pending_from, answer_pending_from, commitments_pending
       HAVING sum(cases) <> 0
     ),
     -- Every case of a cell shares its instants: once one is past, each of its cases is due (and late).
     groups AS (
       SELECT municipality_id AS "municipalityId", equity_index AS "equityIndex", status, consequence_level AS "consequenceLevel",
              petition_kind AS "petitionKind", categories::text[] AS categories,
              ${SETTLED},
              sum(CASE WHEN ack_late THEN cases ELSE ack_settled END)::int AS "ackDue",
              sum(CASE WHEN ack_late THEN 0 ELSE ack_met END)::int AS "ackMet",
              sum(CASE WHEN answer_late THEN cases ELSE answer_settled END)::int AS "answerDue",
              sum(CASE WHEN answer_late THEN 0 ELSE answer_met END)::int AS "answerMet",
              sum(CASE WHEN commitments_late > 0 THEN cases ELSE commitment_cases END)::int AS "commitmentCases",
              sum(commitments_settled + commitments_late * cases)::int AS "commitmentsDue",
              sum(commitments_kept)::int AS "commitmentsKept",
              sum(CASE WHEN commitments_late > 0 THEN 0 ELSE commitment_cases_all_kept END)::int AS "commitmentCasesAllKept"
       FROM cells GROUP BY 1, 2, 3, 4, 5, 6
     ),
     bars AS (
       SELECT municipality_id AS "municipalityId", equity_index AS "equityIndex", petition_kind AS "petitionKind", duration, days, sum(n)::int AS n
       FROM effectiveness_duration_tallies
       WHERE mechanism_id = ${mechanismId} AND filed_on BETWEEN ${from}::date AND ${to}::date
       GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0
     ),
     referrals AS (
       SELECT x.remedy, x.outcome, count(*)::int AS n
       FROM case_referrals x JOIN case_effectiveness e ON e.case_id = x.case_id
       WHERE e.mechanism_id = ${mechanismId} AND e.filed_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2
     )
     SELECT COALESCE((SELECT json_agg(g) FROM groups g), '[]') AS groups,
            COALESCE((SELECT json_agg(b) FROM bars b), '[]') AS bars,
            COALESCE((SELECT json_agg(r) FROM referrals r), '[]') AS referrals`,
  );
}

/** Deadline policies, mechanism holidays, case deadlines and notifications: SQL in one place. */
import type { CaseAudience } from '../policies/caseAudience';
import type { CalendarOptions } from '../../shared/calendar';
import type { DeadlinePolicyDto, DeadlineResponsible, DeadlineStage, MechanismHolidayDto } from '../../shared/types/deadlines';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { Queryable } from '../db/database';
import { redFlagHiddenSql } from './cases';
import { openPauseWindows } from './deadlinePauses';

/** The terms a mechanism starts with (Ley 1755 de 2015 and DESIGN.md). */
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicyDto = {
  acknowledgeDays: 3,
  admissibilityDays: 10,
  firstAnswerDays: 15,
  documentsAnswerDays: 10,
  consultationAnswerDays: 30,
  agreementDays: 45,
  referralDays: 5,
  informationWaitMonths: 1,
  reminderDaysBefore: 1,
  appealDays: 30,
};

/** A deadline policy's columns as DeadlinePolicyDto names them. */
export const POLICY_COLUMNS = `acknowledge_days AS "acknowledgeDays", admissibility_days AS "admissibilityDays",
  first_answer_days AS "firstAnswerDays", documents_answer_days AS "documentsAnswerDays",
  consultation_answer_days AS "consultationAnswerDays", agreement_days AS "agreementDays",
  referral_days AS "referralDays", information_wait_months AS "informationWaitMonths",
  reminder_days_before AS "reminderDaysBefore", appeal_days AS "appealDays"`;

/** A mechanism's policy; the defaults when it has none yet (reading never writes). */
export async function findDeadlinePolicy(db: Queryable, mechanismId: string): Promise<DeadlinePolicyDto> {
  const row = await db.maybeOne<DeadlinePolicyDto>(`SELECT ${POLICY_COLUMNS} FROM deadline_policies WHERE mechanism_id = $1`, [mechanismId]);
  return row ?? { ...DEFAULT_DEADLINE_POLICY };
}

/** Creates the default policy for a mechanism that has none (new mechanisms, the demo). */
export async function ensureDeadlinePolicy(tx: Queryable, mechanismId: string): Promise<void> {
  await tx.query('INSERT INTO deadline_policies (mechanism_id) VALUES ($1) ON CONFLICT (mechanism_id) DO NOTHING', [mechanismId]);
}

/** The policy in force for a mechanism, created with the defaults first if it has none. */
export async function policyInForce(tx: Queryable, mechanismId: string): Promise<DeadlinePolicyDto> {
  const found = await tx.maybeOne<DeadlinePolicyDto>(`SELECT ${POLICY_COLUMNS} FROM deadline_policies WHERE mechanism_id = $1`, [mechanismId]);
  if (found) return found;
  await ensureDeadlinePolicy(tx, mechanismId);
  return findDeadlinePolicy(tx, mechanismId);
}

/** Replaces a mechanism's policy. */
export async function saveDeadlinePolicy(tx: Queryable, mechanismId: string, policy: DeadlinePolicyDto, by: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_policies (mechanism_id, acknowledge_days, admissibility_days, first_answer_days, agreement_days,
       reminder_days_before, appeal_days, updated_at, updated_by_user_id, documents_answer_days, consultation_answer_days,
       referral_days, information_wait_months)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (mechanism_id) DO UPDATE SET acknowledge_days = $2, admissibility_days = $3, first_answer_days = $4,
       agreement_days = $5, reminder_days_before = $6, appeal_days = $7, updated_at = $8, updated_by_user_id = $9,
       documents_answer_days = $10, consultation_answer_days = $11, referral_days = $12, information_wait_months = $13`,
    [
      mechanismId,
      policy.acknowledgeDays,
      policy.admissibilityDays,
      policy.firstAnswerDays,
      policy.agreementDays,
      policy.reminderDaysBefore,
      policy.appealDays,
      at,
      by,
      policy.documentsAnswerDays,
      policy.consultationAnswerDays,
      policy.referralDays,
      policy.informationWaitMonths,
    ],
  );
}

/** The holidays a mechanism added or removed, by date. */
export function listMechanismHolidays(db: Queryable, mechanismId: string): Promise<MechanismHolidayDto[]> {
  return db.query<MechanismHolidayDto>(
    'SELECT date, kind, reason FROM mechanism_holidays WHERE mechanism_id = $1 ORDER BY date',
    [mechanismId],
  );
}

/**
 * A mechanism's calendar in the form shared/calendar.ts takes: the national holidays administrators
 * recorded (laws not yet in shared/holidayRules.ts) and the mechanism's own changes on top. A date the
 * mechanism added stays a holiday even where a law abolished the national one; a national holiday the
 * mechanism works on is a business day for it.
 */
export async function mechanismCalendar(db: Queryable, mechanismId: string): Promise<CalendarOptions> {
  const rows = await db.query<HolidayAdjustment>(
    `SELECT date, kind, true AS national FROM national_holidays
     UNION ALL SELECT date, kind, false AS national FROM mechanism_holidays WHERE mechanism_id = $1
     ORDER BY date`,
    [mechanismId],
  );
  return calendarOf(rows);
}

/** One holiday adjustment as mechanismCalendar reads it: national (an administrator's record of a law) or the mechanism's own. */
export interface HolidayAdjustment {
  date: string;
  kind: 'added' | 'removed';
  national: boolean;
}

/** The calendar that a mechanism's adjustments make (see mechanismCalendar), from rows read by the caller. */
export function calendarOf(rows: readonly HolidayAdjustment[]): CalendarOptions {
  const addedHere = new Set(rows.filter((h) => !h.national && h.kind === 'added').map((h) => h.date));
  return {
    extraHolidays: rows.filter((h) => h.kind === 'added').map((h) => h.date),
    removedHolidays: rows.filter((h) => h.kind === 'removed' && !(h.national && addedHere.has(h.date))).map((h) => h.date),
  };
}

/** The calendars of several mechanisms, by id: a list can hold cases of all an officer oversees. */
export async function mechanismCalendars(db: Queryable, mechanismIds: Iterable<string>): Promise<Map<string, CalendarOptions>> {
  const ids = [...new Set(mechanismIds)];
  const calendars = await Promise.all(ids.map((id) => mechanismCalendar(db, id)));
  return new Map(ids.map((id, i) => [id, calendars[i]!]));
}

/** Adds or replaces a mechanism's holiday adjustment for one date. */
export async function saveMechanismHoliday(tx: Queryable, mechanismId: string, holiday: MechanismHolidayDto, by: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO mechanism_holidays (mechanism_id, date, kind, reason, created_by_user_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (mechanism_id, date) DO UPDATE SET kind = $3, reason = $4, created_by_user_id = $5, created_at = $6`,
    [mechanismId, holiday.date, holiday.kind, holiday.reason, by, at],
  );
}

/** Removes a mechanism's adjustment for one date and returns it; undefined when there was none. */
export function deleteMechanismHoliday(tx: Queryable, mechanismId: string, date: string): Promise<MechanismHolidayDto | undefined> {
  return tx.maybeOne<MechanismHolidayDto>('DELETE FROM mechanism_holidays WHERE mechanism_id = $1 AND date = $2 RETURNING date, kind, reason', [mechanismId, date]);
}

/** A case deadline row. */
export interface DeadlineRow {
  id: string;
  caseId: string;
  stage: DeadlineStage;
  responsible: DeadlineResponsible;
  startedAt: Date;
  startedOn: string;
  dueOn: string;
  dueAt: Date;
  baseDays: number;
  extendedDays: number;
  reminderDaysBefore: number;
  pausedAt: Date | null;
  pausedBusinessDays: number;
  reminderAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  satisfiedAt: Date | null;
  cancelledAt: Date | null;
  commitmentId: number | null;
}

const SELECT_DEADLINE = `
  SELECT id, case_id AS "caseId", stage, responsible, started_at AS "startedAt", started_on AS "startedOn",
         due_on AS "dueOn", due_at AS "dueAt", base_days AS "baseDays", extended_days AS "extendedDays",
         reminder_days_before AS "reminderDaysBefore", paused_at AS "pausedAt",
         paused_business_days AS "pausedBusinessDays", reminder_at AS "reminderAt", reminded_at AS "remindedAt",
         escalated_at AS "escalatedAt", satisfied_at AS "satisfiedAt", cancelled_at AS "cancelledAt",
         commitment_id AS "commitmentId"
  FROM case_deadlines`;

/** Condition of a deadline still running or overdue (neither met nor called off). */
export const OPEN_DEADLINE = 'satisfied_at IS NULL AND cancelled_at IS NULL';

/** Every deadline of a case, oldest first. */
export function listCaseDeadlines(db: Queryable, caseId: string): Promise<DeadlineRow[]> {
  return db.query<DeadlineRow>(`${SELECT_DEADLINE} WHERE case_id = $1 ORDER BY started_at, due_on, id`, [caseId]);
}

/** The open deadlines of a case, locked for the rest of the transaction. */
export function openCaseDeadlinesForUpdate(tx: Queryable, caseId: string): Promise<DeadlineRow[]> {
  return tx.query<DeadlineRow>(`${SELECT_DEADLINE} WHERE case_id = $1 AND ${OPEN_DEADLINE} ORDER BY due_on, id FOR UPDATE`, [caseId]);
}

/** The open deadline(s) of one commitment, locked. */
export function openCommitmentDeadlinesForUpdate(tx: Queryable, commitmentId: number): Promise<DeadlineRow[]> {
  return tx.query<DeadlineRow>(`${SELECT_DEADLINE} WHERE commitment_id = $1 AND ${OPEN_DEADLINE} FOR UPDATE`, [commitmentId]);
}

/** One deadline of a case, locked. */
export function findCaseDeadlineForUpdate(tx: Queryable, caseId: string, id: string): Promise<DeadlineRow | undefined> {
  return tx.maybeOne<DeadlineRow>(`${SELECT_DEADLINE} WHERE case_id = $1 AND id = $2 FOR UPDATE`, [caseId, id]);
}

/** The facts of a case the sweeper acts on (who hears it, where it stands). */
export interface SweepCase {
  id: string;
  reference: string;
  status: CaseStatus;
  mechanismId: string;
  companyId: string | null;
  /** Still hidden from the company (a red flag not yet released by the ombudsman). */
  redFlag: boolean;
  complainantUserId: string | null;
  filedByUserId: string | null;
  escalationLevel: number;
}

/** A deadline about to be stored; dates already computed. */
export interface NewDeadline {
  caseId: string;
  stage: DeadlineStage;
  responsible: DeadlineResponsible;
  startedAt: Date;
  startedOn: string;
  dueOn: string;
  dueAt: Date;
  baseDays: number;
  reminderDaysBefore: number;
  reminderAt: Date | null;
  commitmentId?: number | null;
  /** Set when the stage begins while the case's clock stands still (an unanswered information request). */
  pausedAt?: Date | null;
}

/** Stores a new deadline and returns its id. */
export async function insertDeadline(tx: Queryable, d: NewDeadline): Promise<string> {
  const row = await tx.one<{ id: string }>(
    `INSERT INTO case_deadlines (case_id, stage, responsible, started_at, started_on, due_on, due_at, base_days,
       reminder_days_before, reminder_at, commitment_id, created_at, paused_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $4, $12) RETURNING id`,
    [d.caseId, d.stage, d.responsible, d.startedAt, d.startedOn, d.dueOn, d.dueAt, d.baseDays, d.reminderDaysBefore, d.reminderAt, d.commitmentId ?? null, d.pausedAt ?? null],
  );
  // A stage that begins while the clock stands still opens its pause window with it.
  if (d.pausedAt) await openPauseWindows(tx, [row.id], d.pausedAt);
  return row.id;
}

/** Changes who must act on an open deadline (its timers stay). */
export async function setDeadlineResponsible(tx: Queryable, id: string, responsible: DeadlineResponsible): Promise<void> {
  await tx.query('UPDATE case_deadlines SET responsible = $2 WHERE id = $1', [id, responsible]);
}

/** Marks deadlines met (`satisfied`) or called off (`cancelled`), which clears their timers. */
export async function closeDeadlines(tx: Queryable, ids: string[], how: 'satisfied' | 'cancelled', at: Date): Promise<void> {
  if (ids.length === 0) return;
  const column = how === 'satisfied' ? 'satisfied_at' : 'cancelled_at';
  await tx.query(`UPDATE case_deadlines SET ${column} = $2 WHERE id = ANY($1::uuid[]) AND ${OPEN_DEADLINE}`, [ids, at]);
}

/** New dates of a deadline after a pause, resume or extension. */
export interface DeadlineTiming {
  dueOn: string;
  dueAt: Date;
  reminderAt: Date | null;
  extendedDays: number;
  pausedAt: Date | null;
  pausedBusinessDays: number;
  /** Cleared when the due date moved, so the reminder fires again before the new date. */
  remindedAt: Date | null;
}

/** Stores a deadline's recomputed timing. */
export async function updateDeadlineTiming(tx: Queryable, id: string, t: DeadlineTiming): Promise<void> {
  await tx.query(
    `UPDATE case_deadlines SET due_on = $2, due_at = $3, reminder_at = $4, extended_days = $5, paused_at = $6,
       paused_business_days = $7, reminded_at = $8 WHERE id = $1`,
    [id, t.dueOn, t.dueAt, t.reminderAt, t.extendedDays, t.pausedAt, t.pausedBusinessDays, t.remindedAt],
  );
}

/** Pauses the clock of open deadlines that are still running, opening a pause window for each. */
export async function pauseDeadlines(tx: Queryable, ids: string[], at: Date): Promise<void> {
  const paused = await tx.query<{ id: string }>('UPDATE case_deadlines SET paused_at = $2 WHERE id = ANY($1::uuid[]) AND paused_at IS NULL RETURNING id', [ids, at]);
  await openPauseWindows(tx, paused.map((d) => d.id), at);
}

/** Which timer a sweep claims. */
export type SweepKind = 'escalation' | 'reminder';

/** A claimed deadline with the facts of its case, both locked until the claiming transaction ends. */
export interface ClaimedDeadline {
  deadline: DeadlineRow;
  case: SweepCase;
}

/**
 * Claims up to `limit` deadlines whose timer has passed, locking each deadline and its case, and
 * returns them with their case in the same statement (read under the lock, so fresh); rows another
 * transaction holds (another sweeper, or a transition on that case) are skipped, never waited for, so
 * sweepers never block each other or a person acting on the case. `only` narrows the claim to these
 * deadlines (a failed batch retried in halves).
 */
export async function claimDueDeadlines(
  tx: Queryable,
  kind: SweepKind,
  now: Date,
  limit: number,
  skip: string[],
  only: string[] | null = null,
): Promise<ClaimedDeadline[]> {
  const timer =
    kind === 'escalation'
      ? 'd.due_at < $1'
      : 'd.reminded_at IS NULL AND d.reminder_at <= $1 AND d.due_at >= $1';
  const rows = await tx.query<DeadlineRow & { case: SweepCase }>(
    `SELECT d.id, d.case_id AS "caseId", d.stage, d.responsible, d.started_at AS "startedAt", d.started_on AS "startedOn",
            d.due_on AS "dueOn", d.due_at AS "dueAt", d.base_days AS "baseDays", d.extended_days AS "extendedDays",
            d.reminder_days_before AS "reminderDaysBefore", d.paused_at AS "pausedAt",
            d.paused_business_days AS "pausedBusinessDays", d.reminder_at AS "reminderAt", d.reminded_at AS "remindedAt",
            d.escalated_at AS "escalatedAt", d.satisfied_at AS "satisfiedAt", d.cancelled_at AS "cancelledAt",
            d.commitment_id AS "commitmentId",
            json_build_object('id', c.id, 'reference', c.reference, 'status', c.status, 'mechanismId', c.mechanism_id,
              'companyId', c.company_id, 'redFlag', ${redFlagHiddenSql('c')}, 'complainantUserId', c.complainant_user_id,
              'filedByUserId', c.filed_by_user_id, 'escalationLevel', c.escalation_level) AS case
     FROM case_deadlines d JOIN cases c ON c.id = d.case_id
     WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.paused_at IS NULL AND d.escalated_at IS NULL
       AND ${timer} AND NOT (d.id = ANY($3::uuid[])) AND ($4::uuid[] IS NULL OR d.id = ANY($4::uuid[]))
     ORDER BY ${kind === 'escalation' ? 'd.due_at' : 'd.reminder_at'}, d.id
     LIMIT $2
     FOR UPDATE OF d, c SKIP LOCKED`,
    [now, limit, skip, only],
  );
  return rows.map(({ case: c, ...deadline }) => ({ deadline, case: c }));
}

/** One deadline the sweep acted on: the history event it writes (and, escalating, the case's new level). */
export interface SweptDeadline {
  deadlineId: string;
  caseId: string;
  data: Record<string, unknown>;
}

/**
 * Records a set of swept deadlines in one statement: stamps each deadline (`reminded_at` or
 * `escalated_at`), sets the escalation level of the cases that rose, and appends one history event per
 * deadline, in the order given. The events are sealed one after another by the audit chain's row
 * trigger (migration 0025), so two events of one case in one set still link in that order.
 */
export async function recordSweptDeadlines(
  tx: Queryable,
  how: 'reminded' | 'escalated',
  items: readonly SweptDeadline[],
  levels: readonly { caseId: string; level: number }[],
  at: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const column = how === 'reminded' ? 'reminded_at' : 'escalated_at';
  const kind = how === 'reminded' ? 'deadlines.reminder' : 'cases.escalated';
  const row = await tx.one<{ n: number }>(
    `WITH stamped AS (
       UPDATE case_deadlines SET ${column} = $4 WHERE id = ANY($1::uuid[])
     ), raised AS (
       UPDATE cases c SET escalation_level = l.level, updated_at = $4
       FROM unnest($5::uuid[], $6::int[]) AS l(case_id, level) WHERE c.id = l.case_id
     ), written AS (
       INSERT INTO case_events (case_id, kind, actor_user_id, actor_role, data, created_at)
       SELECT e.case_id, $7, NULL, 'system', e.data, $4
       FROM unnest($2::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(case_id, data, n)
       ORDER BY e.n
       RETURNING id
     )
     SELECT count(*)::int AS n FROM written`,
    [
      items.map((i) => i.deadlineId),
      items.map((i) => i.caseId),
      items.map((i) => JSON.stringify(i.data)),
      at,
      levels.map((l) => l.caseId),
      levels.map((l) => l.level),
      kind,
    ],
  );
  return row.n;
}

/** Who should hear a notice about a case. */
export type NotificationAudience = CaseAudience;

/** A notice as stored. */
export interface NotificationRow {
  id: number;
  userId: string;
  caseId: string | null;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A notice about a case for everyone in its audience. */
export interface AudienceNotice {
  audience: NotificationAudience;
  caseId: string;
  kind: string;
  data: Record<string, unknown>;
}

/**
 * Writes one notice per person in each notice's audience, for many notices in one statement, and
 * returns them in the order of the notices (pushed after commit by the caller). The staff of the
 * mechanisms concerned are read once and matched in a hash join, so a sweep of thousands of cases
 * does not look the officers up once per case.
 */
export function insertAudienceNotifications(tx: Queryable, notices: readonly AudienceNotice[], at: Date): Promise<NotificationRow[]> {
  if (notices.length === 0) return Promise.resolve([]);
  return tx.query<NotificationRow>(
    `WITH n AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::uuid[], $5::boolean[], $6::uuid[])
         WITH ORDINALITY AS n(case_id, kind, data, mechanism_id, ombudsman, company_id, ord)
     ), staff AS (
       SELECT u.id, u.mechanism_id, u.role, u.company_id FROM users u
       WHERE u.active AND u.role IN ('ombudsman', 'liaison') AND u.mechanism_id IN (SELECT mechanism_id FROM n)
     ), pairs AS (
       SELECT n.ord, s.id AS user_id FROM n JOIN staff s ON s.mechanism_id = n.mechanism_id
         AND ((s.role = 'ombudsman' AND n.ombudsman) OR (s.role = 'liaison' AND s.company_id = n.company_id))
       UNION
       SELECT n.ord, u.id FROM unnest($7::bigint[], $8::uuid[]) AS named(ord, user_id)
         JOIN n ON n.ord = named.ord JOIN users u ON u.id = named.user_id AND u.active AND u.mechanism_id = n.mechanism_id
     )
     INSERT INTO notifications (user_id, case_id, kind, data, created_at)
     SELECT p.user_id, n.case_id, n.kind, n.data, $9 FROM pairs p JOIN n ON n.ord = p.ord
     ORDER BY p.ord, p.user_id
     RETURNING id, user_id AS "userId", case_id AS "caseId", kind, data, created_at AS "createdAt"`,
    [
      notices.map((n) => n.caseId),
      notices.map((n) => n.kind),
      notices.map((n) => JSON.stringify(n.data)),
      notices.map((n) => n.audience.mechanismId),
      notices.map((n) => n.audience.ombudsman),
      notices.map((n) => n.audience.companyId),
      notices.flatMap((n, i) => n.audience.userIds.map(() => i + 1)),
      notices.flatMap((n) => n.audience.userIds),
      at,
    ],
  );
}

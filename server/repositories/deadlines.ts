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

const POLICY_COLUMNS = `acknowledge_days AS "acknowledgeDays", admissibility_days AS "admissibilityDays",
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
  const rows = await db.query<{ date: string; kind: 'added' | 'removed'; national: boolean }>(
    `SELECT date, kind, true AS national FROM national_holidays
     UNION ALL SELECT date, kind, false AS national FROM mechanism_holidays WHERE mechanism_id = $1
     ORDER BY date`,
    [mechanismId],
  );
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

/** One deadline by id with its case, read fresh (the sweeper re-reads both after claiming them). */
export async function findDeadlineWithCase(tx: Queryable, id: string): Promise<{ deadline: DeadlineRow; case: SweepCase } | undefined> {
  const row = await tx.maybeOne<DeadlineRow & { case: SweepCase }>(
    `SELECT d.*, json_build_object('id', c.id, 'reference', c.reference, 'status', c.status, 'mechanismId', c.mechanism_id,
              'companyId', c.company_id, 'redFlag', ${redFlagHiddenSql('c')}, 'complainantUserId', c.complainant_user_id,
              'filedByUserId', c.filed_by_user_id, 'escalationLevel', c.escalation_level) AS case
     FROM (${SELECT_DEADLINE} WHERE id = $1) d JOIN cases c ON c.id = d."caseId"`,
    [id],
  );
  if (!row) return undefined;
  const { case: c, ...deadline } = row;
  return { deadline, case: c };
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

/**
 * Claims up to `limit` deadlines whose timer has passed, locking each deadline and its case; rows
 * another transaction holds (another sweeper, or a transition on that case) are skipped, never waited
 * for, so sweepers never block each other or a person acting on the case.
 */
export function claimDueDeadlines(tx: Queryable, kind: SweepKind, now: Date, limit: number, skip: string[]): Promise<{ id: string; caseId: string }[]> {
  const timer =
    kind === 'escalation'
      ? 'd.due_at < $1'
      : 'd.reminded_at IS NULL AND d.reminder_at <= $1 AND d.due_at >= $1';
  return tx.query<{ id: string; caseId: string }>(
    `SELECT d.id, d.case_id AS "caseId" FROM case_deadlines d JOIN cases c ON c.id = d.case_id
     WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.paused_at IS NULL AND d.escalated_at IS NULL
       AND ${timer} AND NOT (d.id = ANY($3::uuid[]))
     ORDER BY ${kind === 'escalation' ? 'd.due_at' : 'd.reminder_at'}
     LIMIT $2
     FOR UPDATE OF d, c SKIP LOCKED`,
    [now, limit, skip],
  );
}

/** Records that a deadline's reminder went out. */
export async function markReminded(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE case_deadlines SET reminded_at = $2 WHERE id = $1', [id, at]);
}

/** Records that a deadline expired and escalated its case. */
export async function markEscalated(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE case_deadlines SET escalated_at = $2 WHERE id = $1', [id, at]);
}

/** Sets a case's escalation level. */
export async function updateEscalationLevel(tx: Queryable, caseId: string, level: number, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET escalation_level = $2, updated_at = $3 WHERE id = $1', [caseId, level, at]);
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

/** Writes one notice per person in `audience` and returns them (pushed after commit by the caller). */
export function insertNotifications(
  tx: Queryable,
  audience: NotificationAudience,
  notice: { caseId: string; kind: string; data: Record<string, unknown>; at: Date },
): Promise<NotificationRow[]> {
  return tx.query<NotificationRow>(
    `INSERT INTO notifications (user_id, case_id, kind, data, created_at)
     SELECT u.id, $1, $2, $3, $4 FROM users u
     WHERE u.active AND u.mechanism_id = $5
       AND ((u.role = 'ombudsman' AND $6) OR (u.role = 'liaison' AND u.company_id = $7) OR u.id = ANY($8::uuid[]))
     RETURNING id, user_id AS "userId", case_id AS "caseId", kind, data, created_at AS "createdAt"`,
    [notice.caseId, notice.kind, JSON.stringify(notice.data), notice.at, audience.mechanismId, audience.ombudsman, audience.companyId, audience.userIds],
  );
}

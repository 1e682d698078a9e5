/** Deadline policies, mechanism holidays, case deadlines and notifications: SQL in one place. */
import type { CaseAudience, CaseAudienceFacts } from '../policies/caseAudience';
import type { CalendarOptions } from '../../shared/calendar';
import type { DeadlinePolicyDto, DeadlineResponsible, DeadlineStage, MechanismHolidayDto } from '../../shared/types/deadlines';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { Queryable } from '../db/database';
import { rawSql, sql, type SqlFragment } from '../db/sql';
import { redFlagHiddenSql } from './cases';
import { openPauseWindows } from './deadlinePauses';
import { requestNearDaySql } from './informationRequests';
import { outboxColumnArrays, type NotificationRow, type OutboxInsert } from './notifications';

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
  return db.query<MechanismHolidayDto>('SELECT date, kind, reason FROM mechanism_holidays WHERE mechanism_id = $1 ORDER BY date', [mechanismId]);
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
  return tx.maybeOne<MechanismHolidayDto>('DELETE FROM mechanism_holidays WHERE mechanism_id = $1 AND date = $2 RETURNING date, kind, reason', [
    mechanismId,
    date,
  ]);
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

/**
 * The condition of an open, unexpired deadline `d` whose term spans `date`: a day the term started on,
 * or after its due date, changes nothing for it. A paused deadline has not expired even when its
 * stored date has passed.
 */
function spansDaySql(date: string, now: Date): SqlFragment {
  return sql`d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.escalated_at IS NULL AND (d.due_at >= ${now} OR d.paused_at IS NOT NULL)
    AND d.started_on < ${date}::date AND d.due_on >= ${date}::date`;
}

/** A case a calendar change may move, with who hears of it. */
export type CaseOnDay = CaseAudienceFacts & { reference: string; status: CaseStatus };

/**
 * The cases of `mechanismIds` (every mechanism when null) that a change of `date` may move: an open
 * deadline's term spans it, or an open information request's last day to answer it may decide. Locked
 * in id order, as the transitioner locks cases, for the rest of the transaction.
 */
export function casesOnDayForUpdate(tx: Queryable, date: string, now: Date, mechanismIds: string[] | null): Promise<CaseOnDay[]> {
  const inScope = mechanismIds === null ? sql`true` : sql`c.mechanism_id = ANY(${mechanismIds}::uuid[])`;
  return tx.query<CaseOnDay>(
    sql`SELECT c.id, c.reference, c.status, c.mechanism_id AS "mechanismId", c.company_id AS "companyId", ${rawSql(redFlagHiddenSql('c'))} AS "redFlag",
               c.complainant_user_id AS "complainantUserId", c.filed_by_user_id AS "filedByUserId"
        FROM cases c WHERE ${inScope} AND (EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND ${spansDaySql(date, now)})
          OR EXISTS (SELECT 1 FROM information_requests r WHERE r.case_id = c.id AND ${requestNearDaySql(date, now)}))
        ORDER BY c.id FOR UPDATE OF c`,
  );
}

/** The open, unexpired deadlines of `caseIds` whose term spans `date`, locked (after their cases). */
export function deadlinesOnDayForUpdate(tx: Queryable, caseIds: string[], date: string, now: Date): Promise<DeadlineRow[]> {
  return tx.query<DeadlineRow>(
    sql`${rawSql(SELECT_DEADLINE)} d WHERE d.case_id = ANY(${caseIds}::uuid[]) AND ${spansDaySql(date, now)} ORDER BY d.case_id, d.id FOR UPDATE OF d`,
  );
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
export interface NewDeadline extends Pick<
  DeadlineRow,
  'caseId' | 'stage' | 'responsible' | 'startedAt' | 'startedOn' | 'dueOn' | 'dueAt' | 'baseDays' | 'reminderDaysBefore' | 'reminderAt'
> {
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
    [
      d.caseId,
      d.stage,
      d.responsible,
      d.startedAt,
      d.startedOn,
      d.dueOn,
      d.dueAt,
      d.baseDays,
      d.reminderDaysBefore,
      d.reminderAt,
      d.commitmentId ?? null,
      d.pausedAt ?? null,
    ],
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
  const paused = await tx.query<{ id: string }>('UPDATE case_deadlines SET paused_at = $2 WHERE id = ANY($1::uuid[]) AND paused_at IS NULL RETURNING id', [
    ids,
    at,
  ]);
  await openPauseWindows(
    tx,
    paused.map((d) => d.id),
    at,
  );
}

/** Which timer a sweep claims. */
export type SweepKind = 'escalation' | 'reminder';

/**
 * What the sweep reads of a claimed deadline. The claim's own conditions, checked again under the lock,
 * hold the rest: not met, not called off, not paused, not escalated (and, for a reminder, not reminded).
 */
export type ClaimedDeadlineFacts = Pick<DeadlineRow, 'id' | 'stage' | 'responsible' | 'dueOn' | 'dueAt' | 'reminderAt' | 'commitmentId'>;

/** A claimed deadline with the facts of its case, both locked until the claiming transaction ends. */
export interface ClaimedDeadline {
  deadline: ClaimedDeadlineFacts;
  case: SweepCase;
}

/** A claimed row as the claim's statement returns it: the deadline's columns, then its case's (its id as `caseId`). */
interface ClaimRow extends ClaimedDeadlineFacts, Omit<SweepCase, 'id'> {
  caseId: string;
}

/**
 * Claims up to `limit` deadlines whose timer has passed, locking each deadline and its case, and
 * returns them with their case in the same statement (read under the lock, so fresh); rows another
 * transaction holds (another sweeper, or a transition on that case) are skipped, never waited for, so
 * sweepers never block each other or a person acting on the case. `only` narrows the claim to these
 * deadlines (a failed batch retried in halves). Among deadlines due at one instant (a whole day's, at its end)
 * the claim goes by case, as its index does (migration 0116): consecutive batches then walk the indexes keyed
 * by the case in order instead of at random, which is what keeps a large backlog's cost a case flat.
 * Only the columns the sweep reads, as plain columns: a sweep of 100,000 cases parsed 100,000 JSON objects
 * of the case and eleven dates a row it never looked at (docs/scaling.md, session 20).
 */
export async function claimDueDeadlines(
  tx: Queryable,
  kind: SweepKind,
  now: Date,
  limit: number,
  skip: string[],
  only: string[] | null = null,
): Promise<ClaimedDeadline[]> {
  const timer = kind === 'escalation' ? 'd.due_at < $1' : 'd.reminded_at IS NULL AND d.reminder_at <= $1 AND d.due_at >= $1';
  const rows = await tx.query<ClaimRow>(
    `SELECT d.id, d.stage, d.responsible, d.due_on AS "dueOn", d.due_at AS "dueAt", d.reminder_at AS "reminderAt",
            d.commitment_id AS "commitmentId", c.id AS "caseId", c.reference, c.status, c.mechanism_id AS "mechanismId",
            c.company_id AS "companyId", ${redFlagHiddenSql('c')} AS "redFlag", c.complainant_user_id AS "complainantUserId",
            c.filed_by_user_id AS "filedByUserId", c.escalation_level AS "escalationLevel"
     FROM case_deadlines d JOIN cases c ON c.id = d.case_id
     WHERE d.satisfied_at IS NULL AND d.cancelled_at IS NULL AND d.paused_at IS NULL AND d.escalated_at IS NULL
       AND ${timer} AND NOT (d.id = ANY($3::uuid[])) AND ($4::uuid[] IS NULL OR d.id = ANY($4::uuid[]))
     ORDER BY ${kind === 'escalation' ? 'd.due_at' : 'd.reminder_at'}, d.case_id, d.id
     LIMIT $2
     FOR UPDATE OF d, c SKIP LOCKED`,
    [now, limit, skip, only],
  );
  const claimed = new Array<ClaimedDeadline>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    claimed[i] = {
      deadline: {
        id: r.id,
        stage: r.stage,
        responsible: r.responsible,
        dueOn: r.dueOn,
        dueAt: r.dueAt,
        reminderAt: r.reminderAt,
        commitmentId: r.commitmentId,
      },
      case: {
        id: r.caseId,
        reference: r.reference,
        status: r.status,
        mechanismId: r.mechanismId,
        companyId: r.companyId,
        redFlag: r.redFlag,
        complainantUserId: r.complainantUserId,
        filedByUserId: r.filedByUserId,
        escalationLevel: r.escalationLevel,
      },
    };
  }
  return claimed;
}

/** One deadline the sweep acted on: the history event it writes (and, escalating, the case's new level). */
export interface SweptDeadline {
  deadlineId: string;
  caseId: string;
  data: Record<string, unknown>;
}

/** A notice of a sweep batch as recordSweptBatch writes it: about one case (none for a digest), to these accounts (in this order). */
export interface BatchNotice {
  caseId: string | null;
  kind: string;
  data: Record<string, unknown>;
  userIds: readonly string[];
}

/**
 * Records a swept batch in one call (`record_sweep_batch`, migration 0046): stamps each deadline
 * (`reminded_at` or `escalated_at`), sets the escalation level of the cases that rose, appends one
 * history event per deadline in the order given (sealed in sets by `append_case_events`: two events of
 * one case in one set still link in that order), writes the outbox rows and one notice per recipient,
 * and lets the transaction commit asynchronously. Returns the notices as stored, in the order given (for
 * the pushes after commit).
 */
export async function recordSweptBatch(
  tx: Queryable,
  how: 'reminded' | 'escalated',
  items: readonly SweptDeadline[],
  levels: readonly { caseId: string; level: number }[],
  notices: readonly BatchNotice[],
  emails: readonly OutboxInsert[],
  at: Date,
): Promise<SweptNotice[]> {
  if (items.length === 0) return [];
  // The columns filled in one pass each (a sweep of 100,000 cases made each array two or three times over).
  const deadlineIds = new Array<string>(items.length);
  const caseIds = new Array<string>(items.length);
  const data = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    deadlineIds[i] = item.deadlineId;
    caseIds[i] = item.caseId;
    data[i] = JSON.stringify(item.data);
  }
  const noticeCaseIds = new Array<string | null>(notices.length);
  const noticeKinds = new Array<string>(notices.length);
  const noticeData = new Array<string>(notices.length);
  const recipientIds: string[] = [];
  const recipientNotices: number[] = [];
  for (let i = 0; i < notices.length; i++) {
    const n = notices[i]!;
    noticeCaseIds[i] = n.caseId;
    noticeKinds[i] = n.kind;
    noticeData[i] = JSON.stringify(n.data);
    for (const userId of n.userIds) {
      recipientIds.push(userId);
      recipientNotices.push(i + 1);
    }
  }
  // The sweep's transaction commits asynchronously (set here, in the same statement: no round trip): its
  // COMMIT does not wait for the WAL to reach the disk. A batch a server crash takes back is claimed and
  // done again by the next sweep, and nothing committed durably can depend on it (docs/scaling.md, session 11).
  const row = await tx.one<{ ids: (number | string)[] }>(
    `SELECT set_config('synchronous_commit', 'off', true) AS async,
       record_sweep_batch($1, $2::uuid[], $3::uuid[], $4::jsonb[], $5, $6, $7::uuid[], $8::int[], $9::uuid[], $10::text[], $11::jsonb[],
       $12::uuid[], $13::int[], $14::uuid[], $15::text[], $16::text[], $17::text[], $18::jsonb[], $19::uuid[]) AS ids`,
    [
      how,
      deadlineIds,
      caseIds,
      data,
      how === 'reminded' ? 'deadlines.reminder' : 'cases.escalated',
      at,
      levels.map((l) => l.caseId),
      levels.map((l) => l.level),
      noticeCaseIds,
      noticeKinds,
      noticeData,
      recipientIds,
      recipientNotices,
      ...outboxColumnArrays(emails),
    ],
  );
  // The ids come back in the order the rows were given (bigint[]: text from one driver, numbers from the other).
  const ids = row.ids.map(Number);
  const written: SweptNotice[] = [];
  for (const n of notices)
    for (const userId of n.userIds) written.push({ id: ids[written.length]!, userId, caseId: n.caseId, kind: n.kind, data: n.data, createdAt: at });
  if (written.length !== ids.length) throw new Error(`record_sweep_batch wrote ${ids.length} notices, expected ${written.length}`);
  return written;
}

/** Who should hear a notice about a case. */
export type NotificationAudience = CaseAudience;

/** A notice as a sweep stores it (unread). */
export type SweptNotice = Omit<NotificationRow, 'readAt'>;

/** A notice about a case for everyone in its audience. */
export interface AudienceNotice {
  audience: NotificationAudience;
  caseId: string;
  kind: string;
  data: Record<string, unknown>;
}

/**
 * Starts and ends stage deadlines as a case moves (DESIGN.md, deadlines and escalation). Everything
 * here runs inside the caller's transaction, so a status change and its deadlines commit or roll back
 * together. Hooks for other modules: filedCaseDeadlines (intake), onStatusChanged (the transitioner),
 * scheduleCommitmentDeadline and satisfyStage (dialogue and agreements).
 * Terms follow Ley 1755 de 2015: the company's first answer by the kind of petition (art. 14), the
 * referral of a case the mechanism is not competent for (art. 21), and a stage that begins while the
 * complainant has an information request to answer starts with its clock stopped (art. 17).
 */
import { addBusinessDays, bogotaDate, businessDaysBetween, endOfBogotaDay, startOfBogotaDay, type CalendarOptions } from '../../shared/calendar';
import { FINAL_STATUSES, type CaseStatus } from '../../shared/caseLifecycle';
import type { DeadlinePolicyDto, DeadlineResponsible, DeadlineStage, PetitionKind } from '../../shared/types/deadlines';
import type { Clock } from '../clock';
import type { AppContext } from '../context';
import type { Queryable, Tx } from '../db/database';
import {
  closeDeadlines,
  insertDeadline,
  mechanismCalendar,
  openCaseDeadlinesForUpdate,
  openCommitmentDeadlinesForUpdate,
  policyInForce,
  setDeadlineResponsible,
  type DeadlineRow,
  type NewDeadline,
} from '../repositories/deadlines';
import { closeInformationRequest, findOpenInformationRequestForUpdate } from '../repositories/informationRequests';
import { INFORMATION_REQUEST_STATUSES } from '../policies/deadlinePolicy';

/** The facts about a case that decide its deadlines (a CaseRow has them all). */
export interface DeadlineCaseFacts {
  id: string;
  mechanismId: string;
  companyId: string | null;
  redFlag: boolean;
  status: CaseStatus;
  /** The kind of petition chosen at admission; general when absent. */
  petitionKind?: PetitionKind;
}

/** Which stage deadlines run while a case is in each status; commitments run on their own dates. */
export const STAGES_OF_STATUS: Record<CaseStatus, readonly DeadlineStage[]> = {
  received: ['acknowledge'],
  acknowledged: ['admissibility'],
  in_dialogue: ['first_answer', 'agreement'],
  // A proposal answers the company's first-answer term; the agreement term runs until both accept.
  agreement_proposed: ['agreement'],
  in_mediation: [],
  in_implementation: [],
  resolved: [],
  // Not competent: the ombudsman still owes the referral to the competent body (art. 21).
  not_admitted: ['referral'],
  withdrawn: [],
  closed_unresolved: [],
};

// The first answer is owed once per entry into dialogue (admission or reopening), not again after a
// rejected proposal sends the case back to dialogue.
const FIRST_ANSWER_FROM: readonly (CaseStatus | null)[] = [null, 'acknowledged', 'resolved', 'closed_unresolved'];

// Endings that call deadlines off rather than meet them.
const CANCELLING: readonly CaseStatus[] = ['withdrawn', 'closed_unresolved'];

/** The company's first-answer term for a kind of petition (Ley 1755, art. 14), in business days. */
export function firstAnswerTerm(policy: DeadlinePolicyDto, kind: PetitionKind): number {
  switch (kind) {
    case 'general':
      return policy.firstAnswerDays;
    case 'documents':
      return policy.documentsAnswerDays;
    case 'consultation':
      return policy.consultationAnswerDays;
  }
}

/** The term of a stage under a policy, in business days; the first answer's depends on the kind of petition. */
export function stageTerm(policy: DeadlinePolicyDto, stage: Exclude<DeadlineStage, 'commitment'>, kind: PetitionKind = 'general'): number {
  switch (stage) {
    case 'acknowledge':
      return policy.acknowledgeDays;
    case 'admissibility':
      return policy.admissibilityDays;
    case 'first_answer':
      return firstAnswerTerm(policy, kind);
    case 'agreement':
      return policy.agreementDays;
    case 'referral':
      return policy.referralDays;
  }
}

/** Who must act on a stage. A company cannot act on a case it cannot see (none yet, or red-flagged). */
export function stageResponsible(stage: Exclude<DeadlineStage, 'commitment'>, c: DeadlineCaseFacts): DeadlineResponsible {
  const companyCanAct = c.companyId !== null && !c.redFlag;
  switch (stage) {
    case 'acknowledge':
    case 'first_answer':
      return companyCanAct ? 'company' : 'ombudsman';
    case 'admissibility':
    case 'referral':
      return 'ombudsman';
    case 'agreement':
      return companyCanAct ? 'parties' : 'ombudsman';
  }
}

/** Due date, expiry instant and reminder instant of a term counted from `startedOn`. */
export interface ComputedTiming {
  dueOn: string;
  dueAt: Date;
  reminderAt: Date | null;
}

/**
 * Counts `totalDays` business days after `startedOn` (the start day never counts); the deadline
 * expires at the end of that Bogota day, and the reminder comes at the start of the business day
 * `reminderDays` before it, unless that would not fall after the start.
 */
export function computeTiming(startedOn: string, totalDays: number, reminderDays: number, calendar: CalendarOptions): ComputedTiming {
  const dueOn = addBusinessDays(startedOn, totalDays, calendar);
  let reminderAt: Date | null = null;
  if (reminderDays > 0 && reminderDays < totalDays) {
    reminderAt = startOfBogotaDay(addBusinessDays(dueOn, -reminderDays, calendar));
  }
  return { dueOn, dueAt: endOfBogotaDay(dueOn), reminderAt };
}

/** The timing of an existing deadline with its extensions and pauses applied. */
export function timingOf(
  d: Pick<DeadlineRow, 'startedOn' | 'baseDays' | 'extendedDays' | 'pausedBusinessDays' | 'reminderDaysBefore'>,
  calendar: CalendarOptions,
): ComputedTiming {
  return computeTiming(d.startedOn, d.baseDays + d.extendedDays + d.pausedBusinessDays, d.reminderDaysBefore, calendar);
}

async function startStages(tx: Queryable, c: DeadlineCaseFacts, stages: Exclude<DeadlineStage, 'commitment'>[], at: Date): Promise<void> {
  if (stages.length === 0) return;
  // The policy in force when the stage begins is copied onto the row: later changes apply to later stages.
  const [policy, calendar, request] = await Promise.all([
    policyInForce(tx, c.mechanismId),
    mechanismCalendar(tx, c.mechanismId),
    findOpenInformationRequestForUpdate(tx, c.id),
  ]);
  // The complainant still owes an answer that stopped the clock: the new stage waits for it too.
  const pausedAt = request?.pausedClock ? at : null;
  for (const stage of stages) await insertDeadline(tx, stageDeadline(c, stage, policy, calendar, at, pausedAt));
}

/** The deadline of `stage` starting at `at` under `policy` and `calendar` (paused from the start when `pausedAt` is set). */
function stageDeadline(
  c: DeadlineCaseFacts,
  stage: Exclude<DeadlineStage, 'commitment'>,
  policy: DeadlinePolicyDto,
  calendar: CalendarOptions,
  at: Date,
  pausedAt: Date | null,
): NewDeadline {
  const startedOn = bogotaDate(at);
  const baseDays = stageTerm(policy, stage, c.petitionKind);
  return {
    caseId: c.id,
    stage,
    responsible: stageResponsible(stage, c),
    startedAt: at,
    startedOn,
    baseDays,
    reminderDaysBefore: policy.reminderDaysBefore,
    pausedAt,
    ...computeTiming(startedOn, baseDays, policy.reminderDaysBefore, calendar),
  };
}

/**
 * Brings a case's deadlines in line with its (new) status at `at`: deadlines of stages the case has
 * left are met (or called off when the case is withdrawn or closed without agreement), which clears
 * their reminder and escalation; stages the case has entered get their deadline.
 */
export async function syncCaseDeadlines(tx: Queryable, c: DeadlineCaseFacts, before: CaseStatus | null, at: Date): Promise<void> {
  const open = await openCaseDeadlinesForUpdate(tx, c.id);
  const wanted = STAGES_OF_STATUS[c.status];
  const final = FINAL_STATUSES.includes(c.status);
  const leaving = open.filter((d) => (d.commitmentId ? final : !wanted.includes(d.stage)));
  await closeDeadlines(
    tx,
    leaving.map((d) => d.id),
    CANCELLING.includes(c.status) ? 'cancelled' : 'satisfied',
    at,
  );
  const running = new Set(open.filter((d) => !d.commitmentId && wanted.includes(d.stage)).map((d) => d.stage));
  const toStart = wanted.filter(
    (stage): stage is Exclude<DeadlineStage, 'commitment'> =>
      stage !== 'commitment' && !running.has(stage) && (stage !== 'first_answer' || FIRST_ANSWER_FROM.includes(before)),
  );
  await startStages(tx, c, toStart, at);
}

/** A new case written outside intake (test factories) starts its first deadlines in the caller's transaction, as a filing does. */
export async function onCaseFiled(ctx: { clock: Clock }, tx: Tx, caseRow: DeadlineCaseFacts): Promise<void> {
  const [policy, calendar] = [await policyInForce(tx, caseRow.mechanismId), await mechanismCalendar(tx, caseRow.mechanismId)];
  for (const d of filedCaseDeadlines(caseRow, policy, calendar, ctx.clock.now())) await insertDeadline(tx, d);
}

/**
 * For intake: the deadlines a new case starts with (its acknowledgement), computed from the policy and
 * calendar the filing read ahead, for the filing's one write (repositories/filings.ts). A case being
 * filed has no deadline to close or keep and has asked nobody for information: its first stages start,
 * as syncCaseDeadlines would start them coming from no status, with the clock running.
 */
export function filedCaseDeadlines(c: DeadlineCaseFacts, policy: DeadlinePolicyDto, calendar: CalendarOptions, at: Date): NewDeadline[] {
  const stages = STAGES_OF_STATUS[c.status].filter(
    (stage): stage is Exclude<DeadlineStage, 'commitment'> => stage !== 'commitment' && (stage !== 'first_answer' || FIRST_ANSWER_FROM.includes(null)),
  );
  return stages.map((stage) => stageDeadline(c, stage, policy, calendar, at, null));
}

/**
 * Hook for the red-flag release: the company may now see the case, so the open stage deadlines that
 * fell to the ombudsman in its place (who acknowledges, who answers) become the company's again.
 */
export async function onCompanyCanAct(tx: Tx, c: DeadlineCaseFacts): Promise<void> {
  for (const d of await openCaseDeadlinesForUpdate(tx, c.id)) {
    if (d.commitmentId || d.stage === 'commitment') continue;
    const responsible = stageResponsible(d.stage, c);
    if (responsible !== d.responsible) await setDeadlineResponsible(tx, d.id, responsible);
  }
}

/**
 * Hook for the transitioner: leaving a stage meets its deadline, entering one starts it. A case that
 * leaves the statuses in which the complainant may be asked for information (an agreement in force,
 * or any ending) closes an unanswered request first, so it can never withdraw the case later.
 */
export async function onStatusChanged(ctx: AppContext, tx: Tx, before: DeadlineCaseFacts, after: DeadlineCaseFacts): Promise<void> {
  const at = ctx.clock.now();
  if (!INFORMATION_REQUEST_STATUSES.includes(after.status)) {
    const request = await findOpenInformationRequestForUpdate(tx, after.id);
    if (request) await closeInformationRequest(tx, request.id, 'case_closed', at);
  }
  await syncCaseDeadlines(tx, after, before.status, at);
}

/**
 * Hook for the dialogue: the company's first substantive answer (or another act that meets a stage
 * without changing the status) marks that stage's open deadline met. Returns whether one was open.
 */
export async function satisfyStage(ctx: { clock: Clock }, tx: Tx, caseId: string, stage: Exclude<DeadlineStage, 'commitment'>): Promise<boolean> {
  const open = (await openCaseDeadlinesForUpdate(tx, caseId)).filter((d) => d.stage === stage && !d.commitmentId);
  await closeDeadlines(
    tx,
    open.map((d) => d.id),
    'satisfied',
    ctx.clock.now(),
  );
  return open.length > 0;
}

/** What agreements need to give a commitment its deadline. */
export interface CommitmentDeadlineRequest {
  caseId: string;
  mechanismId: string;
  commitmentId: number;
  responsible: DeadlineResponsible;
  /** The date the parties agreed (`YYYY-MM-DD`, Bogota), due until the end of that day. */
  dueOn: string;
  at: Date;
}

/**
 * Hook for agreements: a commitment is due on its own agreed date. Its base term is the business days
 * from today to that date (bounding extensions to double, as for every other stage), so a date on a
 * weekend or holiday falls due on the last business day before it, and pauses and extensions shift it
 * like any other deadline.
 */
export async function scheduleCommitmentDeadline(tx: Queryable, request: CommitmentDeadlineRequest): Promise<string> {
  const [policy, calendar] = await Promise.all([policyInForce(tx, request.mechanismId), mechanismCalendar(tx, request.mechanismId)]);
  const startedOn = bogotaDate(request.at);
  const baseDays = Math.max(0, businessDaysBetween(startedOn, request.dueOn, calendar));
  const timing = computeTiming(startedOn, baseDays, policy.reminderDaysBefore, calendar);
  return insertDeadline(tx, {
    caseId: request.caseId,
    stage: 'commitment',
    responsible: request.responsible,
    startedAt: request.at,
    startedOn,
    baseDays,
    reminderDaysBefore: policy.reminderDaysBefore,
    commitmentId: request.commitmentId,
    ...timing,
  });
}

/** Hook for agreements: a commitment reported done (or dropped) closes its deadline and its timers. */
export async function closeCommitmentDeadline(tx: Queryable, commitmentId: number, at: Date, how: 'satisfied' | 'cancelled' = 'satisfied'): Promise<boolean> {
  const rows = await openCommitmentDeadlinesForUpdate(tx, commitmentId);
  await closeDeadlines(
    tx,
    rows.map((r) => r.id),
    how,
    at,
  );
  return rows.length > 0;
}

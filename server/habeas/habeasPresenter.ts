/** The only way a habeas data request leaves the server: for its requester, or with queue facts for the staff. */
import { businessDaysBetween, type CalendarOptions } from '../../shared/calendar';
import { habeasDueDates, procedureOf } from '../../shared/habeas';
import type { HabeasRequestDto } from '../../shared/types/habeas';
import type { HabeasRequestRow } from '../repositories/habeasRequests';

/** A request for its requester; `staff` adds who asked (as a kind, never a name) and business days left from `today`. */
export function presentHabeasRequest(row: HabeasRequestRow, staff?: { today: string; calendar: CalendarOptions }): HabeasRequestDto {
  const dueOn = row.extendedDueOn ?? row.dueOn;
  return {
    id: row.id,
    kind: row.kind,
    procedure: procedureOf(row.kind),
    caseReference: row.caseReference,
    details: row.details,
    receivedOn: row.receivedOn,
    dueOn,
    firstDueOn: row.dueOn,
    extension:
      row.extendedDueOn && row.extensionReason && row.extendedAt
        ? { dueOn: row.extendedDueOn, reason: row.extensionReason, at: row.extendedAt.toISOString() }
        : null,
    latestExtendedOn: habeasDueDates(row.kind, row.receivedOn, staff?.calendar).latestExtendedOn,
    status: row.status,
    outcome: row.outcome,
    answer: row.answer,
    answeredAt: row.answeredAt?.toISOString() ?? null,
    correctedFields: row.correctedFields ?? [],
    ...(staff
      ? {
          requester: row.byReceiptKey ? ('receipt_key' as const) : ('account' as const),
          businessDaysLeft: businessDaysBetween(staff.today, dueOn, staff.calendar),
        }
      : {}),
  };
}

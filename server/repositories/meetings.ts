/** A case's meetings and their minutes (case_meetings). SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { AuthorRole } from '../../shared/types/dialogue';

/** A meeting as stored. */
export interface MeetingRow {
  id: number;
  caseId: string;
  scheduledAt: Date;
  place: string;
  agenda: string;
  scheduledByUserId: string | null;
  scheduledByRole: AuthorRole;
  attendees: string[];
  minutes: string | null;
  minutesRecordedAt: Date | null;
  minutesAgreedByComplainantAt: Date | null;
  minutesAgreedByCompanyAt: Date | null;
}

const SELECT_MEETING = `
  SELECT id, case_id AS "caseId", scheduled_at AS "scheduledAt", place, agenda, scheduled_by_user_id AS "scheduledByUserId",
         scheduled_by_role AS "scheduledByRole", attendees, minutes, minutes_recorded_at AS "minutesRecordedAt",
         minutes_agreed_by_complainant_at AS "minutesAgreedByComplainantAt", minutes_agreed_by_company_at AS "minutesAgreedByCompanyAt"
  FROM case_meetings`;

/** The meetings of a case, in date order. */
export function listMeetings(db: Queryable, caseId: string): Promise<MeetingRow[]> {
  return db.query<MeetingRow>(`${SELECT_MEETING} WHERE case_id = $1 ORDER BY scheduled_at, id`, [caseId]);
}

/** One meeting of one case. */
export function findMeeting(db: Queryable, caseId: string, id: number): Promise<MeetingRow | undefined> {
  return db.maybeOne<MeetingRow>(`${SELECT_MEETING} WHERE case_id = $1 AND id = $2`, [caseId, id]);
}

/** Schedules a meeting; returns it. */
export async function insertMeeting(
  tx: Queryable,
  m: { caseId: string; scheduledAt: Date; place: string; agenda: string; byUserId: string | null; byRole: AuthorRole; at: Date },
): Promise<MeetingRow> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO case_meetings (case_id, scheduled_at, place, agenda, scheduled_by_user_id, scheduled_by_role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [m.caseId, m.scheduledAt, m.place, m.agenda, m.byUserId, m.byRole, m.at],
  );
  return (await findMeeting(tx, m.caseId, row.id))!;
}

/** Records attendees and minutes; earlier approvals no longer hold for changed minutes. */
export async function recordMinutes(tx: Queryable, id: number, attendees: string[], minutes: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE case_meetings SET attendees = $2, minutes = $3, minutes_recorded_at = $4,
       minutes_agreed_by_complainant_at = NULL, minutes_agreed_by_company_at = NULL WHERE id = $1`,
    [id, attendees, minutes, at],
  );
}

/** Marks the minutes as agreed by one side. */
export async function agreeMinutes(tx: Queryable, id: number, side: 'complainant' | 'company', at: Date): Promise<void> {
  const column = side === 'complainant' ? 'minutes_agreed_by_complainant_at' : 'minutes_agreed_by_company_at';
  await tx.query(`UPDATE case_meetings SET ${column} = $2 WHERE id = $1`, [id, at]);
}

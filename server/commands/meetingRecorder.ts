/** Meetings of the parties: scheduling with an agenda shared in advance, minutes, and each side's approval of them. */
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { sideOf, type CaseActor } from '../policies/casePolicy';
import { meetingRefusal, scheduleMeetingRefusal } from '../policies/dialoguePolicy';
import { agreeMinutes, findMeeting, insertMeeting, recordMinutes } from '../repositories/meetings';
import { assertAllowed, authorOf, lockVisibleCase, recordDialogueStep } from './threadWriter';

/** Schedules a meeting; returns its id. */
export async function scheduleMeeting(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  input: { scheduledAt: string; place: string; agenda: string },
): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    assertAllowed(scheduleMeetingRefusal(actor, c), c);
    const author = authorOf(actor);
    const meeting = await insertMeeting(tx, {
      caseId: c.id,
      scheduledAt: new Date(input.scheduledAt),
      place: input.place,
      agenda: input.agenda,
      byUserId: author.authorUserId,
      byRole: author.authorRole,
      at: ctx.clock.now(),
    });
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'meetings.scheduled',
      entryKind: 'meeting_scheduled',
      data: { meetingId: meeting.id, scheduledAt: meeting.scheduledAt.toISOString(), place: meeting.place },
    });
    return meeting.id;
  });
}

/** Records who attended and the minutes (ombudsman or whoever scheduled it); approvals start over. */
export async function recordMeetingMinutes(
  ctx: AppContext,
  actor: CaseActor,
  caseId: string,
  meetingId: number,
  input: { attendees: string[]; minutes: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const meeting = await findMeeting(tx, c.id, meetingId);
    if (!meeting) throw new NotFound();
    assertAllowed(meetingRefusal(actor, c, meeting, 'record_minutes'), c);
    await recordMinutes(tx, meeting.id, input.attendees, input.minutes, ctx.clock.now());
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'meetings.minutes_recorded',
      entryKind: 'meeting_minutes_recorded',
      data: { meetingId: meeting.id, attendees: input.attendees.length },
    });
  });
}

/** One side marks the minutes as a faithful record. */
export async function agreeMeetingMinutes(ctx: AppContext, actor: CaseActor, caseId: string, meetingId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const meeting = await findMeeting(tx, c.id, meetingId);
    if (!meeting) throw new NotFound();
    assertAllowed(meetingRefusal(actor, c, meeting, 'agree_minutes'), c);
    const side = sideOf(actor, c) as 'complainant' | 'company';
    await agreeMinutes(tx, meeting.id, side, ctx.clock.now());
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'meetings.minutes_agreed',
      entryKind: 'meeting_minutes_agreed',
      data: { meetingId: meeting.id, side },
    });
  });
}

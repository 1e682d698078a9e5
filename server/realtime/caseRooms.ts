/**
 * Live case pages. A socket asks to join a case with `case.join`; it is let in only after the same
 * access check as the HTTP routes (casePolicy.caseReaderFor), made against the user as stored now (role
 * or company may have changed since the handshake) or, for an anonymous complainant, against the cases
 * their session follows now. It then sits in the case's room and in the room of its side, and new
 * thread entries are pushed to each side that may read them, presented for that side.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import type { CaseRow } from '../repositories/cases';
import { findCase } from '../repositories/cases';
import { findUserById, type UserRecord } from '../repositories/users';
import { caseReaderFor } from '../policies/casePolicy';
import { lastVisibleEntryId, type MessageRow } from '../repositories/messages';
import { audiencesOf, readerViewOf, viewOfAudience, type Audience } from '../policies/messagePolicy';
import { presentMessage } from '../presenters/dialoguePresenter';
import { logger } from '../logger';
import { rooms, type ConnectionHandler } from './realtime';

const joinPayload = z.object({ caseId: z.string().uuid() });

function roomOf(caseId: string, audience: Audience): string {
  return rooms.caseSide(caseId, audience.side, audience.companyId);
}

/** The `case.join` / `case.leave` handlers; registered once with `realtime.onConnection`. */
export function caseRoomHandlers(ctx: AppContext): ConnectionHandler {
  return (socket, handshake) => {
    socket.on('case.join', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = joinPayload.safeParse(payload);
      if (!parsed.success) return ack({ ok: false });
      const caseId = parsed.data.caseId;
      try {
        const [stored, tracked, c] = await Promise.all([
          handshake.user ? findUserById(ctx.db, ctx.cipher, handshake.user.id) : Promise.resolve(undefined),
          handshake.trackedCaseIds(),
          findCase(ctx.db, caseId),
        ]);
        const user: UserRecord | undefined = stored?.active ? stored : undefined;
        const reader = c && tracked !== null ? caseReaderFor(user, tracked, c) : undefined;
        const view = reader && c ? readerViewOf(reader, c) : null;
        // Unknown and forbidden answer alike, as on HTTP.
        if (!reader || !c || !view) return ack({ ok: false });
        const sideRoom = rooms.caseSide(caseId, view.side, c.companyId);
        await socket.join([rooms.caseAll(caseId), sideRoom]);
        ack({ ok: true, lastMessageId: await lastVisibleEntryId(ctx.db, reader, caseId) });
      } catch (err) {
        logger.error('case.join failed', { err, caseId, userId: handshake.user?.id ?? null });
        ack({ ok: false });
      }
    });

    socket.on('case.leave', async (payload, ack) => {
      const parsed = joinPayload.safeParse(payload);
      if (parsed.success) {
        const prefix = rooms.caseAll(parsed.data.caseId);
        for (const room of socket.rooms) if (room === prefix || room.startsWith(`${prefix}:`)) await socket.leave(room);
      }
      if (typeof ack === 'function') ack({ ok: parsed.success });
    });
  };
}

/** Pushes a committed thread entry to every side that may read it, presented for that side. */
export function publishThreadEntry(ctx: AppContext, entry: MessageRow, c: CaseRow): void {
  // Presented once per side (not per socket): each side's room gets the one payload its side may read.
  ctx.realtime.push(
    audiencesOf(entry, c).map((audience) => ({
      rooms: [roomOf(c.id, audience)],
      event: 'case.message',
      payload: presentMessage(entry, viewOfAudience(audience), c.identityMode, ctx.cipher),
    })),
  );
}

/** Tells every side still entitled to the case that its page changed. */
export function publishCaseUpdated(ctx: AppContext, c: CaseRow): void {
  const targets = audiencesOf({ visibility: 'parties', internalOrg: null }, c).map((a) => roomOf(c.id, a));
  ctx.realtime.push([{ rooms: targets, event: 'case.updated', payload: { caseId: c.id, status: c.status } }]);
}

/**
 * The socket.io event map. Sockets only push; every change goes through HTTP. Payloads are presented
 * objects that the recipient is already allowed to see.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { MessageDto } from './dialogue';
import type { NotificationDto } from './notifications';

/** Events the server pushes to clients. */
export interface ServerToClientEvents {
  /** A case the recipient may see was created or changed; the client refetches what it shows. */
  'cases.changed': (payload: { caseId: string; reference: string; status: CaseStatus }) => void;
  /** The session behind this socket ended (logout, deactivation); the client returns to the login page. */
  'session.ended': (payload: { reason: 'logout' | 'deactivated' | 'expired' }) => void;
  /** A new entry in the thread of a case this socket joined, presented for the recipient's side. */
  'case.message': (payload: MessageDto) => void;
  /** Something on a joined case's page changed (status, meeting, agreement, commitment): refetch the dialogue. */
  'case.updated': (payload: { caseId: string; status: CaseStatus }) => void;
  /** A notice for the recipient alone (pushed to their user room after the commit that wrote it). */
  'notifications.new': (payload: NotificationDto) => void;
}

/** Answer to `case.join`: unknown and forbidden cases answer alike. */
export type CaseJoinReply = { ok: true; lastMessageId: number } | { ok: false };

/** Events clients may send; none change data. */
export interface ClientToServerEvents {
  ping: (ack: (reply: { at: string }) => void) => void;
  /** Start hearing a case's thread live; `lastMessageId` lets the client fetch what it missed (`?after=`). */
  'case.join': (payload: { caseId: string }, ack: (reply: CaseJoinReply) => void) => void;
  /** Stop hearing a case. */
  'case.leave': (payload: { caseId: string }, ack?: (reply: { ok: boolean }) => void) => void;
}

/**
 * The socket.io event map. Sockets only push; every change goes through HTTP. Payloads are presented
 * objects that the recipient is already allowed to see.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { NotificationDto } from './notifications';

/** Events the server pushes to clients. */
export interface ServerToClientEvents {
  /** A case the recipient may see was created or changed; the client refetches what it shows. */
  'cases.changed': (payload: { caseId: string; reference: string; status: CaseStatus }) => void;
  /** Something the recipient must act on happened; the bell adds it to the unread list. */
  'notifications.new': (payload: NotificationDto) => void;
  /** The session behind this socket ended (logout, deactivation); the client returns to the login page. */
  'session.ended': (payload: { reason: 'logout' | 'deactivated' | 'expired' }) => void;
}

/** Events clients may send; none change data. */
export interface ClientToServerEvents {
  ping: (ack: (reply: { at: string }) => void) => void;
}

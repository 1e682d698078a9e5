/**
 * The composer's unsent messages, kept on this device (localStorage) so a reload, or a cheap phone
 * killing the tab, does not lose them — the way the complaint draft is kept (`NewComplaint/draft.ts`).
 * Each message keeps its client key, so sending it again after a reload never posts it twice.
 *
 * A phone is often shared by a family or a community, so entries are stored per writer and per case:
 * an account's under its user id, the receipt-key session's under "receipt" (its case opens only with
 * the key or while the session remembers it). One person's unsent text is never shown in another
 * account's composer nor in another case's, and an account's entries are forgotten when it logs out.
 */
import { MESSAGE_VISIBILITIES, type MessageVisibility } from '../../../../../shared/types/dialogue';
import '../../../styles/screens.css';

/** An unsent message as stored: text and already uploaded files, never the files themselves. */
export interface StoredOutgoing {
  clientKey: string;
  body: string;
  visibility: MessageVisibility;
  /** Files that went up before the page closed; the server holds them until the message links them. */
  attachmentIds: string[];
  /** Files chosen but not uploaded when the page closed: a File cannot be kept in localStorage. */
  filesLost: number;
}

interface StoredOutbox {
  version: 1;
  items: readonly StoredOutgoing[];
}

const PREFIX = 'puente.outbox.';

/** Whose unsent messages: a user id, or null for the receipt-key session of the tracking page. */
export type OutboxWriter = string | null;

const writerPart = (writer: OutboxWriter) => (writer === null ? 'receipt' : `user:${writer}`);

/** Where the unsent messages of `writer` on case `caseId` live on this device. */
export function outboxStorageKey(writer: OutboxWriter, caseId: string): string {
  return `${PREFIX}${writerPart(writer)}.${caseId}`;
}

function isStoredOutgoing(value: unknown): value is StoredOutgoing {
  const v = value as Partial<StoredOutgoing> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.clientKey === 'string' &&
    typeof v.body === 'string' &&
    MESSAGE_VISIBILITIES.includes(v.visibility as MessageVisibility) &&
    Array.isArray(v.attachmentIds) &&
    v.attachmentIds.every((id) => typeof id === 'string') &&
    typeof v.filesLost === 'number'
  );
}

/** The stored unsent messages, oldest first; none when nothing is stored (or storage is unavailable or corrupt). */
export function loadOutbox(writer: OutboxWriter, caseId: string): StoredOutgoing[] {
  // Read when a composer is made for this writer: it is logged in (again).
  if (writer !== null) leftWriters.delete(writer);
  try {
    const raw = window.localStorage.getItem(outboxStorageKey(writer, caseId));
    if (!raw) return [];
    const stored = JSON.parse(raw) as Partial<StoredOutbox>;
    if (stored.version !== 1 || !Array.isArray(stored.items)) return [];
    return stored.items.filter(isStoredOutgoing);
  } catch {
    return [];
  }
}

/**
 * Accounts that logged out of this page. A composer still on screen for one of them (a send it was
 * retrying fails and updates it) must not write its messages back after they were forgotten: the next
 * person on the phone would find them. A composer made for the account again (it logged back in) lifts this.
 */
const leftWriters = new Set<string>();

/** Keeps the unsent messages on this device; an empty outbox leaves nothing behind. */
export function saveOutbox(writer: OutboxWriter, caseId: string, items: readonly StoredOutgoing[]): void {
  if (writer !== null && leftWriters.has(writer)) return;
  const key = outboxStorageKey(writer, caseId);
  try {
    if (items.length === 0) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify({ version: 1, items } satisfies StoredOutbox));
  } catch {
    // Without storage (private browsing, full) the outbox lives only as long as the page.
  }
}

/** Forgets every unsent message of user `userId` on this device: after logging out, the next person must not see them. */
export function forgetOutboxesOf(userId: string): void {
  takeOutboxesOf(userId);
}

/**
 * Takes every unsent message of user `userId` off this device, as a logout does, and returns what puts
 * them back (the logout failed: the person is still logged in and keeps them).
 */
export function takeOutboxesOf(userId: string): () => void {
  leftWriters.add(userId);
  const mine = `${PREFIX}${writerPart(userId)}.`;
  const taken: [string, string][] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key?.startsWith(mine)) taken.push([key, window.localStorage.getItem(key) ?? '']);
    }
    for (const [key] of taken) window.localStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to forget.
  }
  return () => {
    leftWriters.delete(userId);
    try {
      for (const [key, value] of taken) window.localStorage.setItem(key, value);
    } catch {
      // Without storage they live only as long as the page, as before.
    }
  };
}

/**
 * What the send queue keeps about a complaint filed on this phone (docs/offline-intake.md). Plain data:
 * stored in IndexedDB and read by pages and the service worker.
 */
import type { AttachmentKind, ConsentHow } from '../../../shared/types/intake';

/**
 * The owner of complaints filed without an account. Here, not in the queue's storage, because the form's
 * first screen needs it (useFiler) and must not download the queue with it.
 */
export const VISITOR = 'visitor';

/** A complaint's journey on this phone: waiting to be filed, filed with files still going, done, or refused for good. */
export type QueuedState = 'waiting' | 'filed' | 'done' | 'refused';

/** One file of a queued complaint. */
export interface QueuedFile {
  /** Also the upload's `?key=`, so a resend is kept once by the server. */
  id: string;
  name: string;
  size: number;
  kind: AttachmentKind;
  state: 'waiting' | 'sent' | 'refused';
  /** Why the server refused it for good, in the words it answered. */
  reason?: string;
  /** `lost`: the browser cleared the phone's storage before the file could be sent. */
  reasonCode?: 'lost';
  /** The photo of the person's thumbprint that records their consent. */
  thumbprint?: boolean;
  /** The voice note that is the complaint's account: sent with the filing itself, not after it. */
  voiceNote?: boolean;
}

/** A refusal the server gave, to show beside the complaint until it is corrected or discarded. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  fields: { field: string; message: string }[];
}

/**
 * Who answers a complaint first, as the receipt page tells the person: the company it names, or the
 * ombudsman — who routes a complaint naming no company, and reviews alone one about a safety topic
 * (a red-flag category) before any company may see it.
 */
export type FirstReader = { who: 'company'; company: string } | { who: 'ombudsmanRoutes' } | { who: 'ombudsmanReviews' };

/** What the receipt and the list show, fixed when the complaint was saved (the form's lists may change later). */
export interface ReceiptFacts {
  /** The device-made provisional code, when the phone made a receipt. */
  provisionalCode: string | null;
  /** Whether the phone made a receipt key. */
  hasKey: boolean;
  /**
   * The key, to show until the person pressed "Ya guardé mi clave"; then forgotten here (the request
   * body keeps its own copy only until the complaint arrived).
   */
  key: string | null;
  /** Set once the person pressed "Ya guardé mi clave": the key is never shown again. */
  keyConfirmed: boolean;
  municipality: string;
  categories: string[];
  /** Who answers first (absent in complaints saved before this was kept). */
  firstReader?: FirstReader;
  /** For whom, as the person asked to be named (a name, a group, or "anonymous"); null when filing for oneself. */
  filedFor: string | null;
  /** Field mode: the record of the verbal petition (who received it, by name and role, and when by the phone's clock). */
  field: { receivedAt: string; receivedBy: string; receivedByRole: string; consentHow: ConsentHow } | null;
}

/** A complaint on this phone, from "Enviar" until everything arrived. */
export interface QueuedComplaint {
  version: 1;
  /** The draft's idempotency key: the server files it once whatever the number of sends. */
  id: string;
  /** Whose it is: an account id, or `visitor`. Only that filer sees it and sends it. */
  owner: string;
  /** When it was saved on the phone (the phone's clock). */
  savedAt: string;
  /** The interface language when it was saved: answers (errors) come in it, even from the service worker. */
  language: string;
  /** `?mechanism=` of a visitor's public page, if any. */
  mechanismSlug: string | null;
  /** The body of `POST /api/complaints`; removed once everything arrived (the words must not stay on a shared phone). */
  body: Record<string, unknown> | null;
  /** The form's draft it came from, to correct it after a refusal; removed with the body. */
  draft: Record<string, unknown> | null;
  receipt: ReceiptFacts;
  files: QueuedFile[];
  state: QueuedState;
  caseId: string | null;
  reference: string | null;
  arrivedAt: string | null;
  refusal: Refusal | null;
  /** Failed tries in a row; the next try waits longer (backoff). */
  failures: number;
  /** Not before this time (ISO), unless the signal comes back or the person asks. */
  nextAttemptAt: string | null;
}

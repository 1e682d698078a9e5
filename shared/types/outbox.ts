/** The admin's view of the e-mail outbox: types of `/api/admin/outbox` and its retry routes. */

/** Where an e-mail is in the outbox: waiting (or retrying), delivered, or given up for good. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Every status, in the order the admin's screen offers them (what needs attention first). */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['failed', 'pending', 'sent'];

/** One outbox e-mail as an admin sees it: the address and kind, never the message content. */
export interface OutboxEntryDto {
  id: number;
  toAddress: string;
  /** The template's name (`new_case`, `invitation`, …): the client shows it in words. */
  template: string;
  status: OutboxStatus;
  attempts: number;
  /** The mail server's last answer, when an attempt failed. */
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  /** Null only for e-mails written before e-mails were scoped that could not be placed. */
  mechanism: { id: string; name: string } | null;
}

/** Answer of `GET /api/admin/outbox`. */
export interface OutboxListDto {
  /** One page, newest first. */
  entries: OutboxEntryDto[];
  /** How many e-mails of this status the list covers in all pages (same scope and mechanism filter). */
  total: number;
  /** Send as `?before=` for the next, older page; null on the last page. */
  nextCursor: string | null;
}

/** Answer of `POST /api/admin/outbox/retry-all`: how many failed e-mails were queued again. */
export interface OutboxRetryAllDto {
  retried: number;
}

/**
 * One SMS or WhatsApp message of the channel outbox as an admin sees it: never its text nor the
 * number, which are identities (a short tag of the number's blind index tells rows of one number apart).
 */
export interface ChannelOutboxEntryDto {
  id: number;
  channel: 'sms' | 'whatsapp';
  /** First characters of the number's keyed blind index: the same number, the same tag; names nobody. */
  contactTag: string;
  /** What the message was (`conversation`, `receipt`, `case_message`, …): the client shows it in words. */
  kind: string;
  /** SMS segments the text takes (what the operator charges for). */
  segments: number;
  status: OutboxStatus;
  attempts: number;
  /** The gateway's last answer (numbers scrubbed), when an attempt failed. */
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  mechanism: { id: string; name: string } | null;
}

/** Answer of `GET /api/admin/channel-outbox`. */
export interface ChannelOutboxListDto {
  entries: ChannelOutboxEntryDto[];
  total: number;
  nextCursor: string | null;
}

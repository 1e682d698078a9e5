/** The admin's view of the e-mail outbox: types of `/api/admin/outbox` and its retry routes. */

/** Where an e-mail is in the outbox: waiting (or retrying), delivered, or given up for good. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Every status, in the order the admin's screen offers them (what needs attention first). */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['failed', 'pending', 'sent'];

/** What every outbox entry has, e-mail or SMS/WhatsApp message, whatever it carries. */
export interface OutboxEntryBase {
  id: number;
  status: OutboxStatus;
  attempts: number;
  /** The mail server's or gateway's last answer, when an attempt failed. */
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  /** Null only for entries written before they were scoped that could not be placed. */
  mechanism: { id: string; name: string } | null;
}

/** A page of an outbox as its API answers: newest first, the total in all pages, and the next cursor. */
export interface OutboxPage<E> {
  entries: E[];
  total: number;
  /** Send as `?before=` for the next, older page; null on the last page. */
  nextCursor: string | null;
}

/** One outbox e-mail as an admin sees it: the address and kind, never the message content. */
export interface OutboxEntryDto extends OutboxEntryBase {
  toAddress: string;
  /** The template's name (`new_case`, `invitation`, …): the client shows it in words. */
  template: string;
}

/** Answer of `GET /api/admin/outbox`. */
export type OutboxListDto = OutboxPage<OutboxEntryDto>;

/** Answer of `POST /api/admin/outbox/retry-all`: how many failed e-mails were queued again. */
export interface OutboxRetryAllDto {
  retried: number;
}

/**
 * One SMS or WhatsApp message of the channel outbox as an admin sees it: never its text nor the
 * number, which are identities (a short tag of the number's blind index tells rows of one number apart).
 */
export interface ChannelOutboxEntryDto extends OutboxEntryBase {
  channel: 'sms' | 'whatsapp';
  /** First characters of the number's keyed blind index: the same number, the same tag; names nobody. */
  contactTag: string;
  /** What the message was (`conversation`, `receipt`, `case_message`, …): the client shows it in words. */
  kind: string;
  /** SMS segments the text takes (what the operator charges for). */
  segments: number;
}

/** Answer of `GET /api/admin/channel-outbox`. */
export type ChannelOutboxListDto = OutboxPage<ChannelOutboxEntryDto>;

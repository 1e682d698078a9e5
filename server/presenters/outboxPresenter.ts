/** The only way outbox e-mails leave the server: address, kind, attempts and errors — never the message data. */
import type { ChannelOutboxEntryDto, OutboxEntryDto } from '../../shared/types/outbox';
import type { OutboxRow } from '../repositories/outbox';
import type { ChannelOutboxRow } from '../repositories/channelOutbox';
import type { FieldCipher } from '../crypto/fieldCipher';
import { outboxRecipient } from '../mail/mailer';

/** One outbox row as an admin sees it. */
export function presentOutboxEntry(row: OutboxRow, cipher: FieldCipher): OutboxEntryDto {
  return {
    id: row.id,
    toAddress: outboxRecipient(cipher, row).to,
    template: row.template,
    ...deliveryOf(row),
  };
}

/** One channel outbox row as an admin sees it: without its text and its number. */
export function presentChannelOutboxEntry(row: ChannelOutboxRow): ChannelOutboxEntryDto {
  return {
    id: row.id,
    channel: row.channel,
    contactTag: row.contactTag,
    kind: row.kind,
    segments: row.segments,
    ...deliveryOf(row),
  };
}

/** Where a queued message of either outbox stands: status, attempts, last error, times and mechanism. */
function deliveryOf<Status>(
  row: Pick<OutboxRow, 'attempts' | 'lastError' | 'createdAt' | 'nextAttemptAt' | 'sentAt' | 'mechanismId' | 'mechanismName'> & { status: Status },
) {
  return {
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    mechanism: row.mechanismId ? { id: row.mechanismId, name: row.mechanismName ?? '' } : null,
  };
}

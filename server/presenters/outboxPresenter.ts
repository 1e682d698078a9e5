/** The only way outbox e-mails leave the server: address, kind, attempts and errors — never the message data. */
import type { OutboxEntryDto } from '../../shared/types/outbox';
import type { OutboxRow } from '../repositories/outbox';

/** One outbox row as an admin sees it. */
export function presentOutboxEntry(row: OutboxRow): OutboxEntryDto {
  return {
    id: row.id,
    toAddress: row.toAddress,
    template: row.template,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    mechanism: row.mechanismId ? { id: row.mechanismId, name: row.mechanismName ?? '' } : null,
  };
}

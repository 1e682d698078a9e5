/**
 * Every encrypted column, where its ciphertexts are bound (docs/encryption.md): the one list that code
 * sealing a value, `rotate-key` and the dump canary test read, so a new encrypted column is added here once.
 */
import type { CipherPlace } from './fieldCipher';

/** An encrypted column and the SQL expression (text) naming the row each ciphertext is bound to. */
export interface SealedColumn {
  table: string;
  column: string;
  /** A unique key of the row, as text, known before the row is inserted (the place's id). */
  rowKey: string;
}

/** Every column holding FieldCipher ciphertexts. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'users', column: 'name_ciphertext', rowKey: 'id::text' },
  { table: 'users', column: 'email_ciphertext', rowKey: 'id::text' },
  { table: 'users', column: 'phone_ciphertext', rowKey: 'id::text' },
  { table: 'cases', column: 'identity_ciphertext', rowKey: 'id::text' },
  { table: 'cases', column: 'equity_ciphertext', rowKey: 'id::text' },
  { table: 'cases', column: 'location_ciphertext', rowKey: 'id::text' },
  { table: 'filing_receipts', column: 'receipt_key_ciphertext', rowKey: 'idempotency_key::text' },
  { table: 'channel_contacts', column: 'phone_ciphertext', rowKey: 'phone_index' },
  { table: 'channel_conversations', column: 'state_ciphertext', rowKey: "contact_id::text || '/' || gateway || '/' || channel" },
  { table: 'channel_outbox', column: 'body_ciphertext', rowKey: 'message_key' },
  { table: 'outbox', column: 'to_address_ciphertext', rowKey: 'seal_id::text' },
  { table: 'case_signatories', column: 'identity_ciphertext', rowKey: 'id::text' },
  // Bound to its case (several reports of one case are told apart by their ciphertexts in the UPDATE);
  // the append-only trigger lets only a change of key through (migration 0039).
  { table: 'reprisal_reports', column: 'account_ciphertext', rowKey: 'case_id::text' },
];

/** The place of a user's name, e-mail or phone. */
export function userPlace(userId: string, field: 'name' | 'email' | 'phone'): CipherPlace {
  return { table: 'users', column: `${field}_ciphertext`, id: userId };
}

/** The place of a case's identity, equity data or map point. */
export function casePlace(caseId: string, field: 'identity' | 'equity' | 'location'): CipherPlace {
  return { table: 'cases', column: `${field}_ciphertext`, id: caseId };
}

/** The place of the receipt key kept for a retry of the filing with this idempotency key. */
export function filingReceiptPlace(idempotencyKey: string): CipherPlace {
  return { table: 'filing_receipts', column: 'receipt_key_ciphertext', id: idempotencyKey };
}

/** The place of the phone number whose blind index is `phoneIndex`. */
export function channelContactPlace(phoneIndex: string): CipherPlace {
  return { table: 'channel_contacts', column: 'phone_ciphertext', id: phoneIndex };
}

/** The place of a conversation's state (its unique key: contact, gateway, channel). */
export function conversationPlace(key: { contactId: string; gateway: string; channel: string }): CipherPlace {
  return { table: 'channel_conversations', column: 'state_ciphertext', id: `${key.contactId}/${key.gateway}/${key.channel}` };
}

/** The place of an outbound SMS/WhatsApp message's text. */
export function channelMessagePlace(messageKey: string): CipherPlace {
  return { table: 'channel_outbox', column: 'body_ciphertext', id: messageKey };
}

/** The place of an e-mail's address in the outbox. */
export function outboxPlace(sealId: string): CipherPlace {
  return { table: 'outbox', column: 'to_address_ciphertext', id: sealId };
}

/** The place of a collective complaint signatory's identity (its id is made before the insert). */
export function signatoryPlace(signatoryId: string): CipherPlace {
  return { table: 'case_signatories', column: 'identity_ciphertext', id: signatoryId };
}

/**
 * The place of a retaliation report's account. Its id is a sequence value, so the account is bound to its
 * case: a copy onto another case's report does not open. The table is append-only except for rotate-key's
 * change of key (migration 0039).
 */
export function reprisalReportPlace(caseId: string): CipherPlace {
  return { table: 'reprisal_reports', column: 'account_ciphertext', id: caseId };
}

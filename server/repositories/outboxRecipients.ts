/**
 * The addresses in the e-mail outbox, as the redaction of an account reaches them: every row that has
 * one (sealed per row, so no index finds a given address), and the two ways of forgetting it. SQL only.
 */
import type { Queryable } from '../db/database';

/** An outbox row with its address, sealed (`sealId`, `recipientCiphertext`) or from before sealing (`toAddress`). */
export interface AddressedEmail {
  id: number;
  status: string;
  sealId: string | null;
  recipientCiphertext: string | null;
  toAddress: string | null;
}

/** Every outbox row that holds an address, locked for the caller's transaction. */
export function lockAddressedEmails(q: Queryable): Promise<AddressedEmail[]> {
  return q.query<AddressedEmail>(
    `SELECT id, status, seal_id AS "sealId", to_address_ciphertext AS "recipientCiphertext", to_address AS "toAddress"
     FROM outbox WHERE to_address IS NOT NULL OR to_address_ciphertext IS NOT NULL FOR UPDATE`,
  );
}

/** Drops an e-mail from the outbox (one still waiting to be sent). */
export async function deleteEmail(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM outbox WHERE id = $1', [id]);
}

/** Replaces an e-mail's address with `recipientCiphertext` (sealed under `sealId`) and drops the recipient's name from its data. */
export async function replaceRecipient(q: Queryable, id: number, sealId: string, recipientCiphertext: string): Promise<void> {
  await q.query(`UPDATE outbox SET to_address = NULL, seal_id = $2, to_address_ciphertext = $3, data = data - 'recipientName' WHERE id = $1`, [
    id,
    sealId,
    recipientCiphertext,
  ]);
}

/**
 * Redaction: deletion of a person's identity that keeps the dialogue (Ley 1581 art. 8 e; issue #15
 * item 4). A case loses its complainant's identity and contact (the ciphertext), the equity answers,
 * the map point, the link between a phone number and the case, and the publication of its description
 * in the open-data feed (which masked the name with the identity it no longer has); its description,
 * thread and history stay as they were, and the history gains a `cases.identity_redacted` event saying when and why, so
 * the record stays true and its hash chain whole. An account loses its name, e-mail, phone and password,
 * its e-mails waiting in the outbox are dropped and those sent are stripped of the address and name.
 * Everything happens in the caller's transaction, with the case row locked.
 */
import type { AppContext } from '../context';
import type { Queryable, Tx } from '../db/database';
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';
import { findUserById, redactUser } from '../repositories/users';

/** Why an identity is redacted, as the history records it. */
export interface RedactionCause {
  /** 'request': a granted habeas data request; 'retention': the mechanism's retention period lapsed. */
  cause: 'request' | 'retention';
  /** The officer who granted the request; null for the retention job. */
  actorUserId: string | null;
  actorRole: 'ombudsman' | 'admin' | 'system';
  requestId?: string;
  at: Date;
}

/** Address kept in the outbox rows of a redacted account, so the record of what was sent stays without the address. */
export const REDACTED_ADDRESS = 'redacted@invalid';

/** Redacts one case's complainant identity; false when it was redacted already (nothing is written twice). */
export async function redactCaseIdentity(tx: Tx, caseId: string, why: RedactionCause): Promise<boolean> {
  const row = await findCaseForUpdate(tx, caseId);
  if (!row) return false;
  const updated = await tx.query(
    // The open-data feed masks the name in a published description with the identity it decrypts; with
    // the identity gone it could no longer mask it, so the description stops being published.
    `UPDATE cases SET identity_ciphertext = NULL, equity_ciphertext = NULL, latitude = NULL, longitude = NULL, publish_description = false,
       identity_redacted_at = $2
     WHERE id = $1 AND identity_redacted_at IS NULL RETURNING id`,
    [caseId, why.at],
  );
  if (updated.length === 0) return false;
  // A phone number linked to the case is an identity too: SMS replies about it stop with the link.
  await tx.query('DELETE FROM channel_case_links WHERE case_id = $1', [caseId]);
  await tx.query('UPDATE habeas_requests SET details = NULL WHERE case_id = $1', [caseId]);
  await insertCaseEvent(tx, {
    caseId,
    kind: 'cases.identity_redacted',
    actorUserId: why.actorUserId,
    actorRole: why.actorRole,
    data: { cause: why.cause, ...(why.requestId ? { requestId: why.requestId } : {}) },
    at: why.at,
  });
  return true;
}

/** Redacts an account and the identity of every case it filed as complainant; returns the cases redacted now. */
export async function redactAccount(ctx: AppContext, tx: Tx, userId: string, why: RedactionCause): Promise<string[]> {
  const user = await findUserById(tx, userId);
  if (!user) return [];
  const cases = await tx.query<{ id: string }>('SELECT id FROM cases WHERE complainant_user_id = $1 ORDER BY id', [userId]);
  const redacted: string[] = [];
  for (const c of cases) if (await redactCaseIdentity(tx, c.id, why)) redacted.push(c.id);
  if (user.email) await forgetOutboxAddress(tx, user.email);
  await tx.query('UPDATE habeas_requests SET details = NULL WHERE requester_user_id = $1', [userId]);
  await redactUser(tx, userId, why.at);
  tx.afterCommit(() => ctx.sessions.destroyForUser(userId).then(() => undefined));
  return redacted;
}

/** E-mails to a redacted address: those waiting are not sent; those sent keep no address or name. */
async function forgetOutboxAddress(q: Queryable, email: string): Promise<void> {
  await q.query(`DELETE FROM outbox WHERE lower(to_address) = lower($1) AND status = 'pending'`, [email]);
  await q.query(`UPDATE outbox SET to_address = $2, data = data - 'recipientName' WHERE lower(to_address) = lower($1)`, [email, REDACTED_ADDRESS]);
}

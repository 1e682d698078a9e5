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
import { deleteCaseLinks } from '../repositories/channels';
import { forgetDetailsAboutCase, forgetDetailsOfRequester } from '../repositories/habeasRequests';
import { deleteEmail, lockAddressedEmails, replaceRecipient } from '../repositories/outboxRecipients';
import { caseIdsFiledBy, redactCaseColumns } from '../repositories/personalData';
import crypto from 'node:crypto';
import type { FieldCipher } from '../crypto/fieldCipher';
import { outboxRecipient, sealRecipient } from '../mail/mailer';

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
  if (!(await redactCaseColumns(tx, caseId, why.at))) return false;
  // A phone number linked to the case is an identity too: SMS replies about it stop with the link.
  await deleteCaseLinks(tx, caseId);
  await forgetDetailsAboutCase(tx, caseId);
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
  const user = await findUserById(tx, ctx.cipher, userId);
  if (!user) return [];
  const redacted: string[] = [];
  for (const caseId of await caseIdsFiledBy(tx, userId, 'id')) if (await redactCaseIdentity(tx, caseId, why)) redacted.push(caseId);
  if (user.email) await forgetOutboxAddress(tx, ctx.cipher, user.email);
  await forgetDetailsOfRequester(tx, userId);
  await redactUser(tx, ctx.cipher, userId, why.at);
  tx.afterCommit(() => ctx.sessions.destroyForUser(userId).then(() => undefined));
  return redacted;
}

/**
 * E-mails to a redacted address: those waiting are not sent; those sent keep no address or name.
 * Addresses are sealed per row (no index finds them), so each row's recipient is opened and compared;
 * redaction is rare and the outbox of one deployment small enough to read through.
 */
async function forgetOutboxAddress(q: Queryable, cipher: FieldCipher, email: string): Promise<void> {
  const wanted = email.trim().toLowerCase();
  for (const row of await lockAddressedEmails(q)) {
    if (outboxRecipient(cipher, row).to.trim().toLowerCase() !== wanted) continue;
    if (row.status === 'pending') {
      await deleteEmail(q, row.id);
      continue;
    }
    const sealId = crypto.randomUUID();
    await replaceRecipient(q, row.id, sealId, sealRecipient(cipher, sealId, REDACTED_ADDRESS, {}).ciphertext);
  }
}

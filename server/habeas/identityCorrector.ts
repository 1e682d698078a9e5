/**
 * Applies a granted correction request (Ley 1581 art. 15, issue #15 §4): the staff type the corrected
 * identity fields and the case's sealed identity is rewritten with them — the request's case, or every
 * case the requesting account filed. What was asked stays in the request (`details`), what changed is
 * recorded as field names on the request and as a `cases.identity_corrected` event in each case's
 * history (hash-chained like every event); the values themselves live only sealed in the case. The staff
 * never see the identity to correct it: custody (docs/custody.md) still needs a reveal with a reason.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError } from '../errors';
import { casePlace } from '../crypto/sealedColumns';
import type { ComplainantIdentity } from '../presenters/casePresenter';
import { findCaseForUpdate, insertCaseEvent } from '../repositories/cases';
import { caseIdsFiledBy, setCaseIdentity } from '../repositories/personalData';
import type { UserRecord } from '../repositories/users';
import { CORRECTABLE_FIELDS } from '../../shared/validation/habeas';
import type { HabeasRequestRow } from '../repositories/habeasRequests';

/** The corrected values; a field left out or blank stays as it is. */
export type IdentityCorrection = Partial<Record<(typeof CORRECTABLE_FIELDS)[number], string>>;

/** Rewrites the identity of the request's cases; returns the names of the fields that changed in any. 409 when no case holds an identity. */
export async function correctIdentity(
  ctx: Pick<AppContext, 'cipher'>,
  tx: Tx,
  staff: UserRecord,
  request: HabeasRequestRow,
  correction: IdentityCorrection,
  at: Date,
): Promise<string[]> {
  const caseIds = request.caseId ? [request.caseId] : await caseIdsFiledBy(tx, request.requesterUserId, 'id');
  const changed = new Set<string>();
  let corrected = 0;
  for (const caseId of caseIds) {
    const c = await findCaseForUpdate(tx, caseId);
    if (!c?.identityCiphertext) continue;
    const place = casePlace(caseId, 'identity');
    const identity = ctx.cipher.open<ComplainantIdentity>(c.identityCiphertext, place);
    const fields: string[] = [];
    const next: ComplainantIdentity = { ...identity };
    for (const field of CORRECTABLE_FIELDS) {
      const value = correction[field]?.trim();
      if (!value || value === (identity[field] ?? '')) continue;
      next[field] = value;
      fields.push(field);
    }
    corrected += 1;
    if (fields.length === 0) continue;
    await setCaseIdentity(tx, caseId, ctx.cipher.seal(next, place));
    await insertCaseEvent(tx, {
      caseId,
      kind: 'cases.identity_corrected',
      actorUserId: staff.id,
      actorRole: staff.role === 'admin' ? 'admin' : 'ombudsman',
      data: { requestId: request.id, fields },
      at,
    });
    fields.forEach((f) => changed.add(f));
  }
  if (corrected === 0) throw new AppError(409, 'habeas_nothing_to_correct');
  return CORRECTABLE_FIELDS.filter((f) => changed.has(f));
}

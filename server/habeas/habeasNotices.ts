/**
 * E-mails to the person behind a habeas data request at each step (issue #15 §4): received (with the due
 * date), term extended, answered. Through the durable outbox (addresses sealed there, mail/mailer.ts),
 * in the same transaction as the step. The address is the requester's account e-mail or, for a
 * receipt-key holder, the e-mail they gave in the case's identity; an anonymous case has none, and a
 * redacted account or identity has none left — then nothing is sent and /mis-datos remains the way to
 * follow the request. Like every e-mail, no complaint text and no identity is in it.
 */
import { toLanguage, type Language } from '../../shared/roles';
import type { AppContext } from '../context';
import type { Queryable } from '../db/database';
import { casePlace } from '../crypto/sealedColumns';
import { enqueueEmail } from '../mail/mailer';
import type { ComplainantIdentity } from '../presenters/casePresenter';
import { findCaseContact } from '../repositories/personalData';
import { findUserById } from '../repositories/users';
import type { HabeasRequestRow } from '../repositories/habeasRequests';

/** The step an e-mail tells of. */
export type HabeasStep = 'habeas_received' | 'habeas_extended' | 'habeas_answered';

/** Where the person behind `request` can be written to, if anywhere. */
async function addressOf(
  ctx: Pick<AppContext, 'cipher'>,
  q: Queryable,
  request: HabeasRequestRow,
): Promise<{ to: string; name?: string; language: Language } | null> {
  if (request.requesterUserId) {
    const user = await findUserById(q, ctx.cipher, request.requesterUserId);
    return user?.active && user.email ? { to: user.email, name: user.displayName, language: user.language } : null;
  }
  if (!request.caseId) return null;
  const row = await findCaseContact(q, request.caseId);
  if (!row?.identity) return null;
  const identity = ctx.cipher.open<ComplainantIdentity>(row.identity, casePlace(request.caseId, 'identity'));
  return identity.email ? { to: identity.email, name: identity.name, language: toLanguage(row.language) ?? 'es' } : null;
}

/** Queues the e-mail of `step` for `request` (as it is after the step); returns whether one was queued. */
export async function noticeToRequester(
  ctx: Pick<AppContext, 'cipher' | 'clock'>,
  q: Queryable,
  request: HabeasRequestRow,
  step: HabeasStep,
): Promise<boolean> {
  const address = await addressOf(ctx, q, request);
  if (!address) return false;
  await enqueueEmail(
    q,
    ctx.cipher,
    {
      to: address.to,
      language: address.language,
      template: step,
      mechanismId: request.mechanismId,
      data: {
        ...(address.name ? { recipientName: address.name } : {}),
        path: '/mis-datos',
        kind: request.kind,
        receivedOn: request.receivedOn,
        dueOn: request.extendedDueOn ?? request.dueOn,
        outcome: request.outcome,
      },
    },
    ctx.clock.now(),
  );
  return true;
}

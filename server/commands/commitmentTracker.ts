/**
 * Commitments of the agreement in force: the owner reports one done with evidence, the other side
 * confirms or disputes it, the ombudsman verifies it (also once a dispute is settled). When every
 * commitment is verified the system resolves the case.
 */
import type { CommitmentAction } from '../../shared/types/dialogue';
import type { CaseEventKind } from '../../shared/caseEvents';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { NotFound } from '../errors';
import { actorUserId, type CaseActor } from '../policies/casePolicy';
import { commitmentRefusal } from '../policies/dialoguePolicy';
import type { CaseRow } from '../repositories/cases';
import { countUnverified, findCommitment, updateCommitment, type CommitmentRow } from '../repositories/commitments';
import { closeCommitmentDeadline } from '../deadlines/deadlineScheduler';
import { transitionCaseIn } from './caseTransitioner';
import { assertAllowed, linkFilesOrRefuse, lockVisibleCase, recordDialogueStep } from './threadWriter';

/** A step on a commitment and what it carries. */
export type CommitmentStep =
  | { action: 'report'; evidence: string; attachmentIds?: readonly string[] }
  | { action: 'confirm' }
  | { action: 'dispute'; reason: string }
  | { action: 'verify' };

const ENTRY_KIND = {
  report: 'commitment_reported',
  confirm: 'commitment_confirmed',
  dispute: 'commitment_disputed',
  verify: 'commitment_verified',
} as const satisfies Record<CommitmentAction, string>;

const EVENT_KIND: Record<CommitmentAction, CaseEventKind> = {
  report: 'commitments.reported',
  confirm: 'commitments.confirmed',
  dispute: 'commitments.disputed',
  verify: 'commitments.verified',
};

/** Takes one step on a commitment of the case. */
export async function advanceCommitment(ctx: AppContext, actor: CaseActor, caseId: string, commitmentId: number, step: CommitmentStep): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const commitment = await findCommitment(tx, c.id, commitmentId);
    if (!commitment) throw new NotFound();
    // Commitments of versions that never came into force are history, not work.
    assertAllowed(commitment.agreementStatus === 'accepted' ? commitmentRefusal(actor, c, commitment, step.action) : 'commitment_wrong_state', c, {
      status: commitment.status,
    });
    const at = ctx.clock.now();
    switch (step.action) {
      case 'report':
        await updateCommitment(tx, commitment.id, { status: 'reported', evidence: step.evidence, byUserId: actorUserId(actor), at });
        if (step.attachmentIds?.length) await linkFilesOrRefuse(tx, actor, step.attachmentIds, { caseId: c.id, commitmentId: commitment.id });
        // Reported on time meets the commitment's deadline; a dispute does not reopen it (the ombudsman verifies).
        await closeCommitmentDeadline(tx, commitment.id, ctx.clock.now());
        break;
      case 'confirm':
        await updateCommitment(tx, commitment.id, { status: 'confirmed', at });
        break;
      case 'dispute':
        await updateCommitment(tx, commitment.id, { status: 'disputed', reason: step.reason, at });
        break;
      case 'verify':
        await updateCommitment(tx, commitment.id, { status: 'verified', byUserId: actorUserId(actor), at });
        break;
    }
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: EVENT_KIND[step.action],
      entryKind: ENTRY_KIND[step.action],
      reason: step.action === 'dispute' ? step.reason : null,
      data: { commitmentId: commitment.id, agreementId: commitment.agreementId, owner: commitment.owner },
    });
    if (step.action === 'verify') await resolveWhenAllVerified(ctx, tx, c, commitment);
  });
}

async function resolveWhenAllVerified(ctx: AppContext, tx: Tx, c: CaseRow, commitment: CommitmentRow): Promise<void> {
  if ((await countUnverified(tx, commitment.agreementId)) > 0) return;
  const resolved = await transitionCaseIn(ctx, tx, null, { caseId: c.id, action: 'resolve', data: { agreementId: commitment.agreementId } });
  await recordDialogueStep(ctx, tx, resolved, null, {
    eventKind: null,
    entryKind: 'case_resolved',
    data: { agreementId: commitment.agreementId },
  });
}

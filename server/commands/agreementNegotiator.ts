/**
 * Agreements: a party (or the mediating ombudsman) proposes a version; each side accepts or rejects
 * it once. Both acceptances put it in force (the system moves the case to implementation); a
 * rejection sends the case back to where the proposal was made, dialogue or mediation. A changed
 * proposal is a new version; earlier ones stay, superseded.
 */
import type { CommitmentOwner } from '../../shared/types/dialogue';
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { NotFound } from '../errors';
import { actorUserId, sideOf, type CaseActor } from '../policies/casePolicy';
import { decisionRefusal, proposeRefusal } from '../policies/dialoguePolicy';
import { closeAgreement, findAgreement, findPendingAgreement, insertAgreementVersion, recordDecision } from '../repositories/agreements';
import { listCommitments } from '../repositories/commitments';
import { scheduleCommitmentDeadline } from '../deadlines/deadlineScheduler';
import { transitionCaseIn } from './caseTransitioner';
import { assertAllowed, authorOf, lockVisibleCase, recordDialogueStep } from './threadWriter';

/** What a proposal holds. */
export interface AgreementInput {
  text: string;
  commitments: { owner: CommitmentOwner; description: string; dueOn: string }[];
}

/** Proposes a new version; returns its id. */
export async function proposeAgreement(ctx: AppContext, actor: CaseActor, caseId: string, input: AgreementInput): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const c = await lockVisibleCase(tx, actor, caseId);
    const pending = await findPendingAgreement(tx, c.id);
    assertAllowed(proposeRefusal(actor, c, pending), c);
    // A counter-proposal keeps the setting of the one it replaces: made in mediation, it returns there if rejected.
    const duringMediation = c.status === 'in_mediation' || (c.status === 'agreement_proposed' && pending?.duringMediation === true);
    const author = authorOf(actor);
    const { agreement, superseded } = await insertAgreementVersion(tx, {
      caseId: c.id,
      byUserId: author.authorUserId,
      byRole: author.authorRole,
      duringMediation,
      text: input.text,
      commitments: input.commitments,
      at: ctx.clock.now(),
    });
    const moved = await transitionCaseIn(ctx, tx, actor, {
      caseId: c.id,
      action: 'propose_agreement',
      data: { agreementId: agreement.id, version: agreement.version },
    });
    await recordDialogueStep(ctx, tx, moved, actor, {
      eventKind: null,
      entryKind: 'agreement_proposed',
      data: { agreementId: agreement.id, version: agreement.version, supersededVersion: superseded },
    });
    return agreement.id;
  });
}

/** Locks the case, finds the agreement and checks the actor's side may accept or reject it now (404/409 otherwise). */
async function lockAgreementToDecide(tx: Tx, actor: CaseActor, caseId: string, agreementId: number) {
  const c = await lockVisibleCase(tx, actor, caseId);
  const agreement = await findAgreement(tx, c.id, agreementId);
  if (!agreement) throw new NotFound();
  assertAllowed(decisionRefusal(actor, c, agreement), c);
  return { c, agreement, side: sideOf(actor, c) as 'complainant' | 'company' };
}

/** Accepts a version for the actor's side; when both sides have, the agreement is in force. */
export async function acceptAgreement(ctx: AppContext, actor: CaseActor, caseId: string, agreementId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { c, agreement, side } = await lockAgreementToDecide(tx, actor, caseId, agreementId);
    const decided = await recordDecision(tx, agreement, side, 'accepted', actorUserId(actor), ctx.clock.now());
    await recordDialogueStep(ctx, tx, c, actor, {
      eventKind: 'agreements.accepted',
      entryKind: 'agreement_accepted',
      data: { agreementId: agreement.id, version: agreement.version, side },
    });
    if (decided.complainantDecision === 'accepted' && decided.companyDecision === 'accepted') {
      await closeAgreement(tx, agreement.id, 'accepted', null);
      const moved = await transitionCaseIn(ctx, tx, null, {
        caseId: c.id,
        action: 'accept_agreement',
        data: { agreementId: agreement.id, version: agreement.version },
      });
      for (const commitment of (await listCommitments(tx, c.id)).filter((k) => k.agreementId === agreement.id)) {
        await scheduleCommitmentDeadline(tx, {
          caseId: c.id,
          mechanismId: c.mechanismId,
          commitmentId: commitment.id,
          responsible: commitment.owner,
          dueOn: commitment.dueOn,
          at: ctx.clock.now(),
        });
      }
      await recordDialogueStep(ctx, tx, moved, null, {
        eventKind: null,
        entryKind: 'agreement_in_force',
        data: { agreementId: agreement.id, version: agreement.version },
      });
    }
  });
}

/** Rejects a version with a reason; the case returns to dialogue, or to mediation if proposed there. */
export async function rejectAgreement(ctx: AppContext, actor: CaseActor, caseId: string, agreementId: number, reason: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { c, agreement, side } = await lockAgreementToDecide(tx, actor, caseId, agreementId);
    await recordDecision(tx, agreement, side, 'rejected', actorUserId(actor), ctx.clock.now());
    await closeAgreement(tx, agreement.id, 'rejected', reason);
    const moved = await transitionCaseIn(ctx, tx, actor, {
      caseId: c.id,
      action: 'reject_agreement',
      reason,
      to: agreement.duringMediation ? 'in_mediation' : 'in_dialogue',
      data: { agreementId: agreement.id, version: agreement.version },
    });
    await recordDialogueStep(ctx, tx, moved, actor, {
      eventKind: null,
      entryKind: 'agreement_rejected',
      reason,
      data: { agreementId: agreement.id, version: agreement.version, side },
    });
  });
}

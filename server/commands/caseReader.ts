/**
 * Opens one case for a reader: loads it, checks the policy and presents it. A protected identity is
 * shown to an officer only while a reveal granted to them lasts (commands/identityRevealer.ts), which
 * logged the look once when granted: rendering the page again logs nothing.
 */
import type { TFunction } from 'i18next';
import type { CaseDetailDto } from '../../shared/types/intake';
import type { Language } from '../../shared/roles';
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { canRevealIdentity, canViewCase, type CaseActor } from '../policies/casePolicy';
import { presentCaseDetail } from '../presenters/caseDetailPresenter';
import { listAttachments } from '../repositories/attachments';
import { findCaseDetail, listCaseEvents } from '../repositories/cases';
import { activeReveal } from '../repositories/custody';

/** The case as `reader` may see it, or NotFound. */
export async function readCase(ctx: AppContext, reader: CaseActor, caseId: string, language: Language, t: TFunction): Promise<CaseDetailDto> {
  const row = await findCaseDetail(ctx.db, caseId);
  if (!row || !canViewCase(reader, row)) throw new NotFound();
  const [history, attachments, revealed] = await Promise.all([
    listCaseEvents(ctx.db, caseId),
    listAttachments(ctx.db, caseId),
    canRevealIdentity(reader, row) && reader.role !== 'tracker' ? activeReveal(ctx.db, row.id, reader.id, ctx.clock.now()) : Promise.resolve(undefined),
  ]);
  return presentCaseDetail(row, history, attachments, reader, ctx.cipher, language, t, revealed !== undefined);
}

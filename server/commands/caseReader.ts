/**
 * Opens one case for a reader: loads it, checks the policy, writes the ombudsman's look at a protected
 * identity to the audit table (the ombudsman is the identity's custodian), and presents it.
 */
import type { TFunction } from 'i18next';
import type { CaseDetailDto } from '../../shared/types/intake';
import type { Language } from '../../shared/roles';
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { canViewCase, identityViewIsAudited, type CaseActor } from '../policies/casePolicy';
import { presentCaseDetail } from '../presenters/caseDetailPresenter';
import { listAttachments } from '../repositories/attachments';
import { findCaseDetail, insertIdentityView, listCaseEvents } from '../repositories/cases';

/** The case as `reader` may see it, or NotFound. */
export async function readCase(ctx: AppContext, reader: CaseActor, caseId: string, language: Language, t: TFunction): Promise<CaseDetailDto> {
  const row = await findCaseDetail(ctx.db, caseId);
  if (!row || !canViewCase(reader, row)) throw new NotFound();
  const [history, attachments] = await Promise.all([listCaseEvents(ctx.db, caseId), listAttachments(ctx.db, caseId)]);
  if (identityViewIsAudited(reader, row) && reader.role === 'ombudsman') {
    await insertIdentityView(ctx.db, row.id, reader.id, 'case_detail', ctx.clock.now());
  }
  return presentCaseDetail(row, history, attachments, reader, ctx.cipher, language, t);
}

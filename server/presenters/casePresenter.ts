/**
 * The only way a case leaves the server. Identity is decrypted only where policies show it unasked (a
 * protected identity never in a list; in an export only when asked for, and logged); everyone else gets null and the client shows "Peticionario reservado" or "Persona anónima".
 */
import type { CaseSummaryDto } from '../../shared/types/api';
import type { Language } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import { allowedActions, identityShown, type CaseAccessFacts } from '../policies/casePolicy';
import type { CaseRow } from '../repositories/cases';
import type { UserRecord } from '../repositories/users';
import { presentDeadlineBadge, type DeadlineClock } from './deadlinePresenter';
import { casePlace } from '../crypto/sealedColumns';

/** What an encrypted identity holds (more fields arrive with intake: document, contact). */
export interface ComplainantIdentity {
  name: string;
  documentId?: string;
  phone?: string;
  email?: string;
}

/** The first words of a text, cut at a word boundary, for queues on narrow screens. */
export function excerpt(text: string, max = 160): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:]+$/, '')}…`;
}

/** Picks a translated text from a `{ es, en }` column, falling back to Spanish. */
export function localized(text: Record<string, string>, language: Language): string {
  return text[language] ?? text.es ?? Object.values(text)[0] ?? '';
}

/** The complainant's name as `reader` may see it: null when hidden from them or never given. */
export function complainantNameFor(
  row: CaseAccessFacts & { identityCiphertext: string | null },
  reader: UserRecord,
  cipher: FieldCipher,
  revealIdentity: boolean,
): string | null {
  if (!row.identityCiphertext || !identityShown(reader, row, revealIdentity)) return null;
  return cipher.open<ComplainantIdentity>(row.identityCiphertext, casePlace(row.id, 'identity')).name ?? null;
}

/** What every view of a case starts with: id, reference, status, company and categories in `language`. */
export function presentCaseHeading(row: CaseRow, language: Language): Pick<CaseSummaryDto, 'id' | 'reference' | 'status' | 'company' | 'categories'> {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    company: row.companyId && row.companyName ? { id: row.companyId, name: row.companyName } : null,
    categories: row.categories.map((c) => ({ code: c.code, icon: c.icon, name: localized(c.name, language) })),
  };
}

/** A queue row for `reader`; `clock` is today in Bogota and the mechanism's holidays, for the countdown. */
export function presentCaseSummary(
  row: CaseRow,
  reader: UserRecord,
  cipher: FieldCipher,
  language: Language,
  clock: DeadlineClock,
  /** True only for an export that asked for identities and logs each one it carries. */
  revealIdentity = false,
): CaseSummaryDto {
  return {
    ...presentCaseHeading(row, language),
    municipality: row.municipality,
    identityMode: row.identityMode,
    complainantName: complainantNameFor(row, reader, cipher, revealIdentity),
    isCollective: row.isCollective,
    redFlag: reader.role === 'liaison' ? false : row.redFlagRaised,
    interpreterLanguage: row.filingLanguage,
    escalationLevel: row.escalationLevel,
    summary: excerpt(row.summary),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    allowedActions: allowedActions(reader, row),
    unreadCount: row.unreadCount ?? 0,
    deadline: row.openDeadline ? presentDeadlineBadge(row.openDeadline, clock) : null,
  };
}

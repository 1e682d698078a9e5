/**
 * The language a complaint was filed in (issue #14 §7), kept on the case when it is not Spanish so
 * that the Defensoría arranges an interpreter, as Decreto 1166 de 2016 asks for petitions in native
 * languages. Any well-formed code is kept, even one the mechanism no longer offers: a complaint that
 * waited on a phone while the admin changed the list is still filed, and still needs its interpreter.
 */
import type { Queryable } from '../db/database';
import { DEFAULT_LANGUAGE } from '../../shared/roles';

/** Marks the case as filed in `language` (nothing for Spanish or no language). */
export async function recordFilingLanguage(tx: Queryable, caseId: string, language: string | undefined): Promise<void> {
  if (!language || language === DEFAULT_LANGUAGE) return;
  await tx.query(`UPDATE cases SET filing_language = $2 WHERE id = $1`, [caseId, language]);
}

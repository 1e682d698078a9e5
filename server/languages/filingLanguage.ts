/**
 * The language a complaint was filed in (issue #14 §7), kept on the case when it is not Spanish so
 * that the Defensoría arranges an interpreter, as Decreto 1166 de 2016 asks for petitions in native
 * languages. Any well-formed code is kept, even one the mechanism no longer offers: a complaint that
 * waited on a phone while the admin changed the list is still filed, and still needs its interpreter.
 */
import { DEFAULT_LANGUAGE } from '../../shared/roles';

/** What the case keeps as its filing language (`cases.filing_language`): null for Spanish or no language. */
export function filingLanguageOf(language: string | undefined): string | null {
  return !language || language === DEFAULT_LANGUAGE ? null : language;
}

/**
 * A mechanism's categories in the language a person reads (issue #14 §7): a language the mechanism
 * added shows its translator's names and descriptions (imported with the rest of its texts), and
 * Spanish wherever one is missing; Spanish and English are the mechanism's own `{ es, en }`.
 */
import type { Queryable } from '../db/database';
import type { Language } from '../../shared/roles';
import { localized } from '../presenters/casePresenter';
import { isBuiltInLanguage, offeredLanguage } from './mechanismLanguages';
import { languageTextsOf } from '../repositories/languageTexts';
import { CATEGORY_KEY_PREFIX, categoryKey, type CategoryWords } from './translationFile';

/** A category's name and description as one reader sees them. */
export interface CategoryWordsIn {
  name: string;
  description: string;
}

/**
 * How `categories` read in `language`: the translator's words when it is a language `mechanismId`
 * added, else (and for each word a translator left out) in `fallback`, the product's language of the
 * request. One query, and none for Spanish or English.
 */
export async function categoryWordsIn(
  db: Queryable,
  mechanismId: string,
  categories: readonly CategoryWords[],
  language: string,
  fallback: Language,
): Promise<(category: CategoryWords) => CategoryWordsIn> {
  const own = (category: CategoryWords) => ({ name: localized(category.name, fallback), description: localized(category.description, fallback) });
  if (categories.length === 0 || isBuiltInLanguage(language) || !(await offeredLanguage(db, mechanismId, language))) return own;
  const texts = await languageTextsOf(db, mechanismId, language, CATEGORY_KEY_PREFIX);
  return (category) => {
    const spanish = own(category);
    return {
      name: texts.get(categoryKey(category.code, 'name')) ?? spanish.name,
      description: texts.get(categoryKey(category.code, 'description')) ?? spanish.description,
    };
  };
}

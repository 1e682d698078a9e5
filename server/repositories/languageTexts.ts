/** A community translator's texts of one mechanism's language (table `language_texts`, migration 0032): SQL in one place. */
import type { Queryable } from '../db/database';

/** Every translated text of the language (or those whose key starts with `prefix`), by key (`namespace:path.to.key`). */
export async function languageTextsOf(db: Queryable, mechanismId: string, language: string, prefix = ''): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; text: string }>(
    `SELECT text_key AS key, text FROM language_texts WHERE mechanism_id = $1 AND language = $2 AND starts_with(text_key, $3) ORDER BY text_key`,
    [mechanismId, language, prefix],
  );
  return new Map(rows.map((row) => [row.key, row.text]));
}

/** How many texts each language of the mechanism has. */
export async function languageTextCounts(db: Queryable, mechanismId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ language: string; n: number }>(
    `SELECT language, count(*)::int AS n FROM language_texts WHERE mechanism_id = $1 GROUP BY language`,
    [mechanismId],
  );
  return new Map(rows.map((row) => [row.language, row.n]));
}

/** Replaces all of the language's texts with `texts` (an import is the whole translation). */
export async function replaceLanguageTexts(
  tx: Queryable,
  change: { mechanismId: string; language: string; texts: ReadonlyMap<string, string>; at: Date; byUserId: string },
): Promise<void> {
  await tx.query(`DELETE FROM language_texts WHERE mechanism_id = $1 AND language = $2`, [change.mechanismId, change.language]);
  if (change.texts.size === 0) return;
  await tx.query(
    `INSERT INTO language_texts (mechanism_id, language, text_key, text, updated_at, updated_by_user_id)
     SELECT $1, $2, t.key, t.value, $3, $4 FROM jsonb_each_text($5::jsonb) AS t`,
    [change.mechanismId, change.language, change.at, change.byUserId, JSON.stringify(Object.fromEntries(change.texts))],
  );
}

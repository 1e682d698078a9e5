/**
 * The keyed blind index of a case's equity answers (migration 0045): what lets the effectiveness report
 * group cases by gender, ethnic self-identification and age band in SQL while the answers stay sealed.
 *
 * A case's index is an HMAC of its mechanism and of the three columns the report puts it in — the answer
 * when it was given with its own consent (Ley 1581 art. 6) and is one of the choices, "not declared"
 * otherwise — so the report reads back a column by computing the index of every combination of choices
 * (a few hundred HMACs) and matching. Equal answers within a mechanism share an index; across mechanisms
 * they do not.
 */
import type { Database } from '../db/database';
import type { FieldCipher } from '../crypto/fieldCipher';
import { casePlace } from '../crypto/sealedColumns';
import { logger } from '../logger';
import { unindexedEquityAnswers, writeEquityIndexes, type UnindexedEquity } from '../repositories/equityIndex';
import { AGE_BANDS, ETHNIC_GROUPS, GENDERS } from '../../shared/validation/intakeChoices';

/** The column of a case whose complainant did not declare that answer. */
export const NOT_DECLARED = 'not_declared';

/** The columns a case falls in for the three equity dimensions. */
export interface EquityColumns {
  gender: string;
  ethnicGroup: string;
  ageBand: string;
}

/** The equity answers as sealed at filing (server/commands/caseCreator.ts). */
interface Equity {
  gender?: string;
  ethnicGroup?: string;
  ageBand?: string;
  consent?: boolean;
}

/** The columns a case with these opened answers counts in: only answers given with their own consent (docs/habeas-data.md). */
export function equityColumns(equity: Equity | null): EquityColumns {
  const given = equity?.consent === true ? equity : {};
  const answer = (v: string | undefined, allowed: readonly string[]) => (v && allowed.includes(v) ? v : NOT_DECLARED);
  return {
    gender: answer(given.gender, GENDERS),
    ethnicGroup: answer(given.ethnicGroup, ETHNIC_GROUPS),
    ageBand: answer(given.ageBand, AGE_BANDS),
  };
}

const PURPOSE = 'equity-index';

/** The blind index of a case of `mechanismId` counted in `columns`. */
export function equityIndexOf(cipher: FieldCipher, mechanismId: string, columns: EquityColumns): string {
  return cipher.fingerprint(PURPOSE, [mechanismId, columns.gender, columns.ethnicGroup, columns.ageBand].join('\n'));
}

/** Every index a case of `mechanismId` can have, with the columns it stands for. */
export function equityIndexReader(cipher: FieldCipher, mechanismId: string): (index: string | null) => EquityColumns {
  const byIndex = new Map<string, EquityColumns>();
  for (const gender of [...GENDERS, NOT_DECLARED])
    for (const ethnicGroup of [...ETHNIC_GROUPS, NOT_DECLARED])
      for (const ageBand of [...AGE_BANDS, NOT_DECLARED]) {
        const columns = { gender, ethnicGroup, ageBand };
        byIndex.set(equityIndexOf(cipher, mechanismId, columns), columns);
      }
  const none = equityColumns(null);
  // Not indexed (its answers could not be opened) or from another mechanism: counted as not declared.
  return (index) => (index === null ? none : (byIndex.get(index) ?? none));
}

/** How many cases one transaction indexes. */
const BATCH = 500;

/**
 * Indexes the cases of `mechanismId` that have sealed answers and no index yet, in small transactions
 * (each writes an index only if the ciphertext is still the one it opened). A case whose answers cannot
 * be opened stays unindexed and counts as not declared; it is logged, and the figures go on.
 */
export async function indexEquityAnswers(db: Database, cipher: FieldCipher, mechanismId: string): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let written = 0;
  for (;;) {
    const rows = await unindexedEquityAnswers(db, mechanismId, after, BATCH);
    if (rows.length === 0) return written;
    after = rows[rows.length - 1]!.id;
    const indexed: (UnindexedEquity & { index: string })[] = [];
    for (const row of rows) {
      try {
        const columns = equityColumns(cipher.open<Equity>(row.ciphertext, casePlace(row.id, 'equity')));
        indexed.push({ ...row, index: equityIndexOf(cipher, mechanismId, columns) });
      } catch (err) {
        logger.error('effectiveness: equity answers could not be opened; counted as not declared', { err, caseId: row.id });
      }
    }
    if (indexed.length === 0) continue;
    written += await writeEquityIndexes(db, indexed);
  }
}

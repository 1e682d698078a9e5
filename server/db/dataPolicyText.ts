/**
 * The mechanism's data-treatment policy (Ley 1581 de 2012, Decreto 1377 de 2013), version 2026-01, in
 * plain Spanish with its English translation, kept in `demo/dataPolicy.json`. Loaded into
 * `data_policies` by the seed; a later version is a new row, never an edit of this one.
 */
import policy from './demo/dataPolicy.json';
import { dataPolicyFile } from './demo/schema';

/** A versioned policy text ready to insert. */
export interface DataPolicyText {
  version: string;
  text: { es: string; en: string };
  /** A short plain version (a few sentences) read and heard before the full text; the full text still binds. */
  summary?: { es: string; en: string };
}

const file = dataPolicyFile.parse(policy);

/** Version 2026-01: its paragraphs joined by blank lines. */
export const DATA_POLICY_2026_01: DataPolicyText = {
  version: file.version,
  text: { es: file.text.es.join('\n\n'), en: file.text.en.join('\n\n') },
  summary: file.summary,
};

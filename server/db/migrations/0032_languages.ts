/**
 * Languages beyond Spanish (issue #14 §7).
 *
 * - `mechanisms.languages`: the languages a mechanism offers besides Spanish (which it always has: it is
 *   the source and every text's fallback), in the order its language switch shows them, each
 *   `{ code, name, mode }`: an ISO 639 code (`en`, `yup` Yukpa, `cbg` Ette Taara/Chimila), the name the
 *   language's speakers know it by, and `written` (its texts are translated) or `audio_first` (spoken
 *   help for every step; written texts fall back to Spanish). A column default, so that every mechanism,
 *   however it was made, offers English as before until its admin says otherwise.
 * - `language_texts`: a community translator's texts for one mechanism's language, by i18next key
 *   (`intakeUi:steps.what.title`), imported from the spreadsheet the admin exported. A key without a
 *   row shows in Spanish.
 * - `cases.filing_language`: the language the complaint was filed in (written or by voice), when not
 *   Spanish; the Defensoría arranges an interpreter for it (Decreto 1166 de 2016). Null for Spanish.
 */
export const languages = `
ALTER TABLE mechanisms ADD COLUMN languages jsonb NOT NULL
  DEFAULT '[{"code": "en", "name": "English", "mode": "written"}]'::jsonb
  CHECK (jsonb_typeof(languages) = 'array');

CREATE TABLE language_texts (
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$' AND language <> 'es'),
  text_key text NOT NULL CHECK (length(text_key) BETWEEN 1 AND 200),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  updated_at timestamptz NOT NULL,
  updated_by_user_id uuid REFERENCES users(id),
  PRIMARY KEY (mechanism_id, language, text_key)
);

ALTER TABLE cases ADD COLUMN filing_language text CHECK (filing_language ~ '^[a-z]{2,3}$' AND filing_language <> 'es');
`;

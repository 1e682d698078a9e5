/**
 * Speaking instead of reading or writing (issue #14 §5–6).
 *
 * - `cases.voice_note_key`: the account of what happened is a voice note, kept as the case's
 *   attachment with this client key (the send queue's file id). Null for a written account. The
 *   filing that sets it is refused unless the audio arrives in the same request.
 * - `data_policies.summary`: a short plain version of the policy (a few sentences per language),
 *   read and heard before the full text. Null for versions published without one (the full text is
 *   shown alone, as before).
 * - `voice_clips`: the spoken help of the intake, per mechanism, language and clip key (a question,
 *   a choice, the receipt), uploaded by the admin. A clip is a few seconds of low-bitrate Opus (at most
 *   256 KB, usually ~10 KB), so its bytes live in the row: they go with the database's backups and
 *   template copies, and no file-storage sweep has to know about them.
 */
export const spokenHelp = `
ALTER TABLE cases ADD COLUMN voice_note_key uuid;
ALTER TABLE data_policies ADD COLUMN summary jsonb;

CREATE TABLE voice_clips (
  mechanism_id uuid NOT NULL REFERENCES mechanisms(id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$'),
  clip_key text NOT NULL CHECK (clip_key ~ '^[a-z][a-zA-Z0-9_.-]{0,99}$'),
  audio bytea NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL CHECK (size > 0 AND size = octet_length(audio)),
  sha256 text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by_user_id uuid REFERENCES users(id),
  PRIMARY KEY (mechanism_id, language, clip_key)
);
`;

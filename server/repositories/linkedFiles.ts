/** Files linked to a thread entry or a commitment, as the dialogue queries read them. */

/** A file linked to a message or a commitment, as the JSON the queries build (dates as text). */
export interface LinkedFile {
  id: string;
  kind: 'photo' | 'audio' | 'document';
  mime: string;
  size: number;
  createdAt: string;
}

/** SQL for the files linked through `column` to the row `ref`, as a JSON array (oldest first). */
export function linkedFilesSql(column: 'message_id' | 'commitment_id', ref: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('id', f.id, 'kind', f.kind, 'mime', f.mime, 'size', f.size, 'createdAt', f.created_at)
    ORDER BY f.created_at, f.id) FROM attachments f WHERE f.${column} = ${ref}), '[]'::json)`;
}

/**
 * Which database the uploads folder belongs to. The orphan-file sweep deletes files that have no
 * attachment row; pointed at the wrong database (a second install, a test server, a restored backup
 * beside the live folder) every file would look orphaned. So the sweep writes this database's id into
 * the folder on its first run and deletes nothing in a folder that names another database.
 */
export const storageOwner = `
-- One row, created by the first sweep (not here): databases made from one template or snapshot must
-- each get their own id, while a dump restored elsewhere keeps it, as the folder moves with it.
CREATE TABLE storage_owner (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id uuid NOT NULL,
  claimed_at timestamptz NOT NULL
);
`;

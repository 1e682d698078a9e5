/**
 * Where each municipality sits on the oversight map. The map is a grid cartogram (one equal square per
 * municipality, placed roughly where it lies); its squares used to come from a table of Cesar's DANE
 * codes in the client, so the map of any other mechanism was empty. The position is now data that an
 * admin sets per municipality (optional: a municipality without one is listed beside the map). Cesar's
 * 25 squares, the client's table until now, are filled in for whichever mechanisms hold those codes.
 */

/**
 * Cesar's squares by DANE code (column, row), north up: Valledupar in the north-east, San Alberto at
 * the southern tip. Fills every municipality with one of these codes, in any mechanism; exported so a
 * test can check it against the demo data, which seeds the same squares.
 */
export const cesarGridBackfill = `
UPDATE municipalities m SET map_column = g.map_column, map_row = g.map_row
FROM (VALUES
  ('20238', 1, 0), ('20570', 2, 0), ('20001', 3, 0), ('20443', 4, 0),
  ('20060', 1, 1), ('20250', 2, 1), ('20750', 3, 1), ('20621', 4, 1),
  ('20032', 0, 2), ('20175', 1, 2), ('20178', 2, 2), ('20013', 3, 2), ('20045', 4, 2),
  ('20787', 1, 3), ('20228', 2, 3), ('20400', 3, 3),
  ('20517', 2, 4),
  ('20383', 1, 5), ('20550', 2, 5),
  ('20295', 0, 6), ('20011', 1, 6), ('20614', 2, 6), ('20310', 3, 6),
  ('20770', 1, 7),
  ('20710', 1, 8)
) AS g(dane_code, map_column, map_row)
WHERE m.dane_code = g.dane_code;
`;

/** The migration: the two columns, their rules, then Cesar's squares. */
export const placeGrid = `
ALTER TABLE municipalities
  ADD COLUMN map_column smallint,
  ADD COLUMN map_row smallint,
  -- Both or neither: half a position places nothing.
  ADD CONSTRAINT municipalities_map_position_check CHECK (
    (map_column IS NULL) = (map_row IS NULL) AND (map_column IS NULL OR (map_column >= 0 AND map_row >= 0))
  );

-- Two municipalities of one mechanism never share a square; unplaced ones (NULLs) never collide.
CREATE UNIQUE INDEX municipalities_map_position_key ON municipalities (mechanism_id, map_column, map_row);
${cesarGridBackfill}`;

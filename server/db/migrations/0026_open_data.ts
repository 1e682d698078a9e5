/**
 * Open data (issue #17 §6): what the public Open311 GeoReport v2 feed needs and the case never kept.
 *
 * - `cases.open_data_id`: the case's id in the feed. Random (80 bits of a v4 UUID, hex), unique and
 *   never changed, so the feed names a case without its reference: the reference is half of an
 *   anonymous complainant's credentials (reference + receipt key), is printed on receipts and sent by
 *   SMS, and numbers a mechanism's filings in order. A column default gives every case one, old or new,
 *   whichever path files it (web, SMS, verbal petition, the demo and the benchmarks' generators).
 * - `cases.publish_description`: the complainant allowed their own words ("what happened") to be
 *   published without their identity. Off unless they said yes; cases filed before had no such
 *   question, so they stay unpublished.
 * - `municipalities.centre_latitude / centre_longitude`: the point a public record is placed at (the
 *   municipality's head town), never the complaint's own point. Both or neither. Cesar's 25 are filled
 *   by DANE code in whichever mechanism holds them; the demo seeds the same (server/db/seed.ts).
 */

/**
 * The head towns (cabeceras) of Cesar's 25 municipalities by DANE code, to two decimals (about a
 * kilometre: a town, never a house). Exported so the seed gives the demo the same points.
 */
export const cesarCentreBackfill = `
UPDATE municipalities m SET centre_latitude = g.lat, centre_longitude = g.lng
FROM (VALUES
  ('20001', 10.47, -73.24), ('20011', 8.31, -73.61), ('20013', 10.03, -73.24), ('20032', 9.50, -73.98),
  ('20045', 9.70, -73.28), ('20060', 9.97, -73.89), ('20175', 9.26, -73.81), ('20178', 9.36, -73.60),
  ('20228', 9.20, -73.54), ('20238', 10.15, -73.96), ('20250', 9.66, -73.75), ('20295', 8.32, -73.74),
  ('20310', 8.39, -73.38), ('20383', 8.62, -73.80), ('20400', 9.56, -73.34), ('20443', 10.39, -73.03),
  ('20517', 8.96, -73.63), ('20550', 8.69, -73.67), ('20570', 10.42, -73.59), ('20614', 8.29, -73.39),
  ('20621', 10.39, -73.17), ('20710', 7.76, -73.39), ('20750', 10.33, -73.18), ('20770', 8.00, -73.51),
  ('20787', 8.86, -73.81)
) AS g(dane_code, lat, lng)
WHERE m.dane_code = g.dane_code;
`;

/** The migration. */
export const openData = `
ALTER TABLE cases
  -- The 20 random hex digits of one v4 UUID that are neither its version nor its variant: 80 bits.
  ADD COLUMN open_data_id text NOT NULL
    DEFAULT regexp_replace(gen_random_uuid()::text, '^(.{8})-(.{4})-4.{3}-.(.{3})-(.{5}).*$', '\\1\\2\\3\\4'),
  ADD COLUMN publish_description boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX cases_open_data_id_key ON cases (open_data_id);

ALTER TABLE municipalities
  ADD COLUMN centre_latitude numeric(8, 5),
  ADD COLUMN centre_longitude numeric(8, 5),
  ADD CONSTRAINT municipalities_centre_check CHECK (
    (centre_latitude IS NULL) = (centre_longitude IS NULL)
    AND (centre_latitude IS NULL OR (centre_latitude BETWEEN -90 AND 90 AND centre_longitude BETWEEN -180 AND 180))
  );
${cesarCentreBackfill}`;

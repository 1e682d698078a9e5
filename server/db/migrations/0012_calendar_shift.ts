/**
 * Each mechanism's own calendar as a stored shift of the national business-day ordinals (0006's
 * business_days), kept by a trigger whenever mechanism_holidays change. The oversight medians used to
 * build this shift inside every query; PostgreSQL then joined 100,000 cases to an unindexed CTE, and
 * the embedded database chose nested loops for filtered selections (a category over half a year took
 * 15–23 s in bench/oversight.ts). A keyed table makes the join an index lookup on both databases, and
 * holidays change a few times a year, so rebuilding a mechanism's rows then costs nothing that matters.
 */
export const calendarShift = `
-- For each day on which a mechanism has lost business days so far — one for each holiday it added on a
-- national business day, minus one for each national weekday holiday it works on ('removed'), the rules
-- of shared/calendar.ts's CalendarOptions — how many. Days not listed lost none, so mechanisms on the
-- national calendar have no rows. business days in the mechanism's calendar between a and b =
-- (ordinal(b) − lost(b)) − (ordinal(a) − lost(a)).
CREATE TABLE calendar_shift (
  mechanism_id uuid NOT NULL REFERENCES mechanisms (id) ON DELETE CASCADE,
  day date NOT NULL,
  lost integer NOT NULL,
  PRIMARY KEY (mechanism_id, day)
);

CREATE FUNCTION rebuild_calendar_shift(mechanism uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM calendar_shift WHERE mechanism_id = mechanism;
  INSERT INTO calendar_shift (mechanism_id, day, lost)
  SELECT mechanism, s.day, s.lost
  FROM (SELECT b.day, sum(COALESCE(ch.lost, 0)) OVER (ORDER BY b.day) AS lost
        FROM business_days b
        LEFT JOIN (SELECT h.date AS day,
                          CASE WHEN h.kind = 'added' AND hd.ordinal > hp.ordinal THEN 1
                               WHEN h.kind = 'removed' AND hd.ordinal = hp.ordinal AND extract(isodow FROM h.date) < 6 THEN -1
                               ELSE 0 END AS lost
                   FROM mechanism_holidays h
                   JOIN business_days hd ON hd.day = h.date
                   JOIN business_days hp ON hp.day = h.date - 1
                   WHERE h.mechanism_id = mechanism) ch ON ch.day = b.day) s
  WHERE s.lost <> 0;
END;
$$;

CREATE FUNCTION mechanism_holidays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM rebuild_calendar_shift(OLD.mechanism_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.mechanism_id <> OLD.mechanism_id) THEN
    PERFORM rebuild_calendar_shift(NEW.mechanism_id);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER mechanism_holidays_calendar_shift AFTER INSERT OR UPDATE OR DELETE ON mechanism_holidays
  FOR EACH ROW EXECUTE FUNCTION mechanism_holidays_changed();

SELECT rebuild_calendar_shift(id) FROM mechanisms;
`;

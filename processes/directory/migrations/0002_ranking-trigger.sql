-- The 晾晒 board's counts (processes/ranking), kept by a trigger on the engine's instances in the
-- transaction of each change. Only inspections, hazards and escalations fire it.

-- An inspection's due date as an instant; null when it is not one (never fails the change).
CREATE FUNCTION zb_ranking_instant(p_text text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_text IS NULL OR p_text !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}' THEN
    RETURN NULL;
  END IF;
  RETURN p_text::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The month, quarter and year (Beijing time) an instant falls in.
CREATE FUNCTION zb_ranking_periods(p_at timestamptz) RETURNS TABLE (kind text, period text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT k.kind,
         CASE k.kind WHEN 'month' THEN to_char(t.l, 'YYYY-MM')
                     WHEN 'quarter' THEN to_char(t.l, 'YYYY-"Q"Q')
                     ELSE to_char(t.l, 'YYYY') END
    FROM (SELECT (p_at AT TIME ZONE 'UTC') + interval '8 hours' AS l) t
   CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) AS k(kind)
$$;
--> statement-breakpoint
-- What one instance adds to the counts, as rows of 0 and 1: an inspection in the periods of its
-- due date, a hazard or an escalation in the periods of p_changed_at (the change being counted).
CREATE FUNCTION zb_ranking_rows(p_process text, p_vars jsonb, p_status text, p_states text[], p_changed_at timestamptz)
RETURNS TABLE (kind text, period text, village text, enterprise_id text, inspections_due integer,
  inspections_on_time integer, inspections_late integer, hazards_closed integer, hazards_closed_on_time integer,
  major_open integer, major_overdue integer, letters integer, circulars integer, interviews integer)
LANGUAGE sql STABLE AS $$
  SELECT p.kind, p.period, f.village, f.enterprise_id,
         (f.insp AND (f.done OR (p_status = 'running' AND f.overdue)))::int,
         (f.insp AND f.done AND p_vars ->> 'onTime' = 'true')::int,
         (f.insp AND f.done AND p_vars ->> 'onTime' = 'false')::int,
         (f.haz AND f.closed)::int,
         (f.haz AND f.closed AND NOT f.closed_late)::int,
         (f.haz AND p_status = 'running' AND f.major)::int,
         (f.haz AND p_status = 'running' AND f.major AND f.overdue)::int,
         (f.esc AND f.lvl >= 1)::int, (f.esc AND f.lvl >= 2)::int, (f.esc AND f.lvl >= 3)::int
    FROM (SELECT p_vars ->> 'village' AS village, p_vars ->> 'enterpriseId' AS enterprise_id,
                 p_process LIKE 'inspection-%' AS insp,
                 p_process = 'hazard-closure' AS haz,
                 p_process = 'rectification-escalation' AS esc,
                 p_status = 'completed' AS done,
                 p_status = 'completed' AND 'closed' = ANY (p_states) AS closed,
                 coalesce(p_vars ->> 'overdue' = 'true', false) AS overdue,
                 coalesce(p_vars ->> 'major' = 'true', false) AS major,
                 CASE WHEN p_vars ->> 'closedLate' IN ('true', 'false') THEN p_vars ->> 'closedLate' = 'true'
                      ELSE coalesce(p_vars ->> 'overdue' = 'true', false) END AS closed_late,
                 CASE WHEN (p_vars ->> 'level') ~ '^[0-9]{1,3}$' THEN (p_vars ->> 'level')::int ELSE 0 END AS lvl,
                 CASE WHEN p_process LIKE 'inspection-%' THEN zb_ranking_instant(p_vars ->> 'dueAt')
                      ELSE p_changed_at END AS at) f
   CROSS JOIN LATERAL zb_ranking_periods(f.at) p
   WHERE f.village IS NOT NULL AND f.enterprise_id IS NOT NULL AND f.at IS NOT NULL
$$;
--> statement-breakpoint
-- Adds the new row's counts and takes away the old row's, in a fixed order of keys (no deadlock
-- between two changes of one enterprise).
CREATE FUNCTION zb_instances_ranking_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ranking_counts AS c (kind, period, village, enterprise_id, inspections_due, inspections_on_time,
    inspections_late, hazards_closed, hazards_closed_on_time, major_open_delta, major_overdue_delta, letters,
    circulars, interviews)
  SELECT r.kind, r.period, r.village, r.enterprise_id, sum(r.s * r.inspections_due), sum(r.s * r.inspections_on_time),
         sum(r.s * r.inspections_late), sum(r.s * r.hazards_closed), sum(r.s * r.hazards_closed_on_time),
         sum(r.s * r.major_open), sum(r.s * r.major_overdue), sum(r.s * r.letters), sum(r.s * r.circulars),
         sum(r.s * r.interviews)
    FROM (SELECT -1 AS s, o.* FROM zb_ranking_rows(OLD.process_key, OLD.vars, OLD.status, OLD.active_states, NEW.updated_at) o
           WHERE TG_OP = 'UPDATE'
          UNION ALL
          SELECT 1 AS s, n.* FROM zb_ranking_rows(NEW.process_key, NEW.vars, NEW.status, NEW.active_states, NEW.updated_at) n) r
   GROUP BY r.kind, r.period, r.village, r.enterprise_id
  HAVING sum(r.s * r.inspections_due) <> 0 OR sum(r.s * r.inspections_on_time) <> 0 OR sum(r.s * r.inspections_late) <> 0
      OR sum(r.s * r.hazards_closed) <> 0 OR sum(r.s * r.hazards_closed_on_time) <> 0 OR sum(r.s * r.major_open) <> 0
      OR sum(r.s * r.major_overdue) <> 0 OR sum(r.s * r.letters) <> 0 OR sum(r.s * r.circulars) <> 0
      OR sum(r.s * r.interviews) <> 0
   ORDER BY r.kind, r.period, r.village, r.enterprise_id
  ON CONFLICT (kind, period, village, enterprise_id) DO UPDATE SET
    inspections_due = c.inspections_due + excluded.inspections_due,
    inspections_on_time = c.inspections_on_time + excluded.inspections_on_time,
    inspections_late = c.inspections_late + excluded.inspections_late,
    hazards_closed = c.hazards_closed + excluded.hazards_closed,
    hazards_closed_on_time = c.hazards_closed_on_time + excluded.hazards_closed_on_time,
    major_open_delta = c.major_open_delta + excluded.major_open_delta,
    major_overdue_delta = c.major_overdue_delta + excluded.major_overdue_delta,
    letters = c.letters + excluded.letters,
    circulars = c.circulars + excluded.circulars,
    interviews = c.interviews + excluded.interviews;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER instances_ranking_counts_insert AFTER INSERT ON instances FOR EACH ROW
  WHEN (NEW.process_key LIKE 'inspection-%' OR NEW.process_key IN ('hazard-closure', 'rectification-escalation'))
  EXECUTE FUNCTION zb_instances_ranking_counts();
--> statement-breakpoint
CREATE TRIGGER instances_ranking_counts_update AFTER UPDATE ON instances FOR EACH ROW
  WHEN ((NEW.process_key LIKE 'inspection-%' OR NEW.process_key IN ('hazard-closure', 'rectification-escalation'))
        AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.vars IS DISTINCT FROM NEW.vars
             OR OLD.active_states IS DISTINCT FROM NEW.active_states))
  EXECUTE FUNCTION zb_instances_ranking_counts();
--> statement-breakpoint
-- The cases already there, counted in the periods of their last change.
INSERT INTO ranking_counts (kind, period, village, enterprise_id, inspections_due, inspections_on_time,
  inspections_late, hazards_closed, hazards_closed_on_time, major_open_delta, major_overdue_delta, letters,
  circulars, interviews)
SELECT r.kind, r.period, r.village, r.enterprise_id, sum(r.inspections_due), sum(r.inspections_on_time),
       sum(r.inspections_late), sum(r.hazards_closed), sum(r.hazards_closed_on_time), sum(r.major_open),
       sum(r.major_overdue), sum(r.letters), sum(r.circulars), sum(r.interviews)
  FROM instances i
 CROSS JOIN LATERAL zb_ranking_rows(i.process_key, i.vars, i.status, i.active_states, i.updated_at) r
 WHERE i.process_key LIKE 'inspection-%' OR i.process_key IN ('hazard-closure', 'rectification-escalation')
 GROUP BY r.kind, r.period, r.village, r.enterprise_id;

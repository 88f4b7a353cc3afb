CREATE TABLE "instance_count_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"process_key" text NOT NULL,
	"grp" text NOT NULL,
	"dim" text NOT NULL,
	"val" text,
	"total" integer DEFAULT 0 NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_late" integer DEFAULT 0 NOT NULL,
	"dismissed" integer DEFAULT 0 NOT NULL,
	"level1" integer DEFAULT 0 NOT NULL,
	"level2" integer DEFAULT 0 NOT NULL,
	"level3" integer DEFAULT 0 NOT NULL,
	"level4" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instance_counts" (
	"process_key" text NOT NULL,
	"grp" text NOT NULL,
	"dim" text NOT NULL,
	"val" text,
	"total" bigint DEFAULT 0 NOT NULL,
	"running" bigint DEFAULT 0 NOT NULL,
	"overdue" bigint DEFAULT 0 NOT NULL,
	"completed" bigint DEFAULT 0 NOT NULL,
	"closed" bigint DEFAULT 0 NOT NULL,
	"closed_late" bigint DEFAULT 0 NOT NULL,
	"dismissed" bigint DEFAULT 0 NOT NULL,
	"level1" bigint DEFAULT 0 NOT NULL,
	"level2" bigint DEFAULT 0 NOT NULL,
	"level3" bigint DEFAULT 0 NOT NULL,
	"level4" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "instance_counts_key" UNIQUE NULLS NOT DISTINCT("process_key","grp","dim","val")
);
--> statement-breakpoint
CREATE INDEX "instance_count_changes_scope" ON "instance_count_changes" USING btree ("process_key","grp","dim");--> statement-breakpoint
ALTER TABLE "instance_counts" SET (fillfactor = 70);
--> statement-breakpoint
-- Dashboard counts (GET /stats/*), kept by a trigger so that counting never scans instances.
-- The variables each process is counted by (GET /stats/...?groupBy=...). Replace this
-- function to count others, then run SELECT zb_rebuild_instance_counts();
CREATE FUNCTION zb_counted_vars(p_process text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_process
    WHEN 'hazard-closure' THEN '{village,industry}'::text[]
    WHEN 'accident-investigation' THEN '{grade}'::text[]
    WHEN 'tip-off-reward' THEN '{channel,result}'::text[]
    ELSE '{}'::text[]
  END
$$;
--> statement-breakpoint
-- What one instance adds to the counts: one row per visibility group (and '*' for everyone)
-- and per counted variable (dim '' counts it by its current state; val is null when the
-- variable is missing or not a scalar).
CREATE FUNCTION zb_count_rows(p_process text, p_vars jsonb, p_status text, p_states text[], p_visible text[])
RETURNS TABLE (process_key text, grp text, dim text, val text, total integer, running integer, overdue integer,
  completed integer, closed integer, closed_late integer, dismissed integer,
  level1 integer, level2 integer, level3 integer, level4 integer)
LANGUAGE sql STABLE AS $$
  SELECT p_process, g.grp, d.dim, d.val, 1,
         (f.is_running)::int,
         (f.is_running AND f.is_overdue)::int,
         (p_status = 'completed')::int,
         (f.is_closed)::int,
         (f.is_closed AND f.is_late)::int,
         ('dismissed' = ANY (p_states))::int,
         (f.is_running AND f.lvl IS NOT DISTINCT FROM 1)::int, (f.is_running AND f.lvl IS NOT DISTINCT FROM 2)::int,
         (f.is_running AND f.lvl IS NOT DISTINCT FROM 3)::int, (f.is_running AND f.lvl IS NOT DISTINCT FROM 4)::int
    FROM (SELECT p_status = 'running' AS is_running,
                 coalesce(p_vars ->> 'overdue' = 'true', false) AS is_overdue,
                 p_status = 'completed' AND 'closed' = ANY (p_states) AS is_closed,
                 CASE WHEN p_vars ->> 'closedLate' IN ('true', 'false') THEN p_vars ->> 'closedLate' = 'true'
                      ELSE coalesce(p_vars ->> 'overdue' = 'true', false) END AS is_late,
                 CASE WHEN (p_vars ->> 'escalationLevel') ~ '^[0-9]{1,3}$' THEN (p_vars ->> 'escalationLevel')::int END AS lvl) f
   CROSS JOIN (SELECT DISTINCT u AS grp FROM unnest(p_visible || '{*}'::text[]) AS u WHERE u IS NOT NULL) g
   CROSS JOIN (SELECT '' AS dim, p_states[1] AS val
               UNION ALL
               SELECT k, CASE WHEN jsonb_typeof(p_vars -> k) IN ('string', 'number', 'boolean') THEN p_vars ->> k END
                 FROM unnest(zb_counted_vars(p_process)) AS k) d
$$;
--> statement-breakpoint
-- The variables whose change can change an instance's counts.
CREATE FUNCTION zb_count_facts(p_process text, p_vars jsonb) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT array_agg(coalesce(p_vars ->> k, '') ORDER BY k)
    FROM unnest(zb_counted_vars(p_process) || '{overdue,closedLate,escalationLevel}'::text[]) AS k
$$;
--> statement-breakpoint
CREATE FUNCTION zb_instances_count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.process_key = NEW.process_key AND OLD.status = NEW.status
     AND OLD.active_states = NEW.active_states AND OLD.visible_to = NEW.visible_to
     AND zb_count_facts(OLD.process_key, OLD.vars) = zb_count_facts(NEW.process_key, NEW.vars) THEN
    RETURN NULL;
  END IF;
  INSERT INTO instance_count_changes (process_key, grp, dim, val, total, running, overdue, completed, closed,
                                      closed_late, dismissed, level1, level2, level3, level4)
  SELECT c.process_key, c.grp, c.dim, c.val, sum(c.total), sum(c.running), sum(c.overdue), sum(c.completed),
         sum(c.closed), sum(c.closed_late), sum(c.dismissed), sum(c.level1), sum(c.level2), sum(c.level3), sum(c.level4)
    FROM (SELECT r.process_key, r.grp, r.dim, r.val, -r.total AS total, -r.running AS running, -r.overdue AS overdue,
                 -r.completed AS completed, -r.closed AS closed, -r.closed_late AS closed_late, -r.dismissed AS dismissed,
                 -r.level1 AS level1, -r.level2 AS level2, -r.level3 AS level3, -r.level4 AS level4
            FROM zb_count_rows(OLD.process_key, OLD.vars, OLD.status, OLD.active_states, OLD.visible_to) r
           WHERE TG_OP <> 'INSERT'
          UNION ALL
          SELECT r.* FROM zb_count_rows(NEW.process_key, NEW.vars, NEW.status, NEW.active_states, NEW.visible_to) r
           WHERE TG_OP <> 'DELETE') c
   GROUP BY 1, 2, 3, 4
  HAVING sum(c.total) <> 0 OR sum(c.running) <> 0 OR sum(c.overdue) <> 0 OR sum(c.completed) <> 0
      OR sum(c.closed) <> 0 OR sum(c.closed_late) <> 0 OR sum(c.dismissed) <> 0 OR sum(c.level1) <> 0
      OR sum(c.level2) <> 0 OR sum(c.level3) <> 0 OR sum(c.level4) <> 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER instances_count_changes AFTER INSERT OR UPDATE OR DELETE ON instances
  FOR EACH ROW EXECUTE FUNCTION zb_instances_count_changes();
--> statement-breakpoint
-- The counts of the instances a caller may see: members of p_groups ('{*}' for all) and,
-- unless p_user is null, the participant p_user (the rule of engine/service/visible-to.ts).
-- Kept counts are per group, so an instance visible to two of the caller's groups is
-- subtracted once per extra group, and one seen only as a participant is added. A value
-- may come back in up to three rows (kept, shared, participant): the caller adds them up.
-- Three plain statements rather than one: each is planned quickly, and skipped when not needed.
CREATE FUNCTION zb_count_instances(p_process text, p_dim text, p_groups text[], p_user text)
RETURNS TABLE (val text, total bigint, running bigint, overdue bigint, completed bigint, closed bigint, closed_late bigint, dismissed bigint, level1 bigint, level2 bigint, level3 bigint, level4 bigint)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT s.val, sum(s.total)::bigint, sum(s.running)::bigint, sum(s.overdue)::bigint, sum(s.completed)::bigint, sum(s.closed)::bigint, sum(s.closed_late)::bigint, sum(s.dismissed)::bigint, sum(s.level1)::bigint, sum(s.level2)::bigint, sum(s.level3)::bigint, sum(s.level4)::bigint
    FROM (SELECT c.val, c.total, c.running, c.overdue, c.completed, c.closed, c.closed_late, c.dismissed, c.level1, c.level2, c.level3, c.level4 FROM instance_counts c
           WHERE c.process_key = p_process AND c.grp = ANY (p_groups) AND c.dim = p_dim
          UNION ALL
          SELECT c.val, c.total, c.running, c.overdue, c.completed, c.closed, c.closed_late, c.dismissed, c.level1, c.level2, c.level3, c.level4 FROM instance_count_changes c
           WHERE c.process_key = p_process AND c.grp = ANY (p_groups) AND c.dim = p_dim) s
   GROUP BY s.val;
  IF cardinality(p_groups) > 1 THEN
    RETURN QUERY
    SELECT r.val, sum(r.total * x.m)::bigint, sum(r.running * x.m)::bigint, sum(r.overdue * x.m)::bigint, sum(r.completed * x.m)::bigint, sum(r.closed * x.m)::bigint, sum(r.closed_late * x.m)::bigint, sum(r.dismissed * x.m)::bigint, sum(r.level1 * x.m)::bigint, sum(r.level2 * x.m)::bigint, sum(r.level3 * x.m)::bigint, sum(r.level4 * x.m)::bigint
      FROM (SELECT DISTINCT ON (i.id) i.vars, i.status, i.active_states,
                   1 - (SELECT count(DISTINCT v)::int FROM unnest(i.visible_to) v WHERE v = ANY (p_groups)) AS m
              FROM unnest(p_groups) WITH ORDINALITY AS a(g, n)
              JOIN unnest(p_groups) WITH ORDINALITY AS b(g, n) ON a.n < b.n
             CROSS JOIN LATERAL (SELECT * FROM instances j
                                  WHERE j.process_key = p_process AND j.visible_to @> ARRAY[a.g, b.g]) i
             ORDER BY i.id) x
     CROSS JOIN LATERAL zb_count_rows(p_process, x.vars, x.status, x.active_states, '{}') r
     WHERE r.dim = p_dim
     GROUP BY r.val;
  END IF;
  IF p_user IS NOT NULL THEN
    RETURN QUERY
    SELECT r.val, sum(r.total * x.m)::bigint, sum(r.running * x.m)::bigint, sum(r.overdue * x.m)::bigint, sum(r.completed * x.m)::bigint, sum(r.closed * x.m)::bigint, sum(r.closed_late * x.m)::bigint, sum(r.dismissed * x.m)::bigint, sum(r.level1 * x.m)::bigint, sum(r.level2 * x.m)::bigint, sum(r.level3 * x.m)::bigint, sum(r.level4 * x.m)::bigint
      FROM (SELECT i.vars, i.status, i.active_states, 1 AS m
              FROM instances i
             WHERE i.process_key = p_process AND i.participants @> ARRAY[p_user]
               AND NOT (i.visible_to && p_groups)) x
     CROSS JOIN LATERAL zb_count_rows(p_process, x.vars, x.status, x.active_states, '{}') r
     WHERE r.dim = p_dim
     GROUP BY r.val;
  END IF;
END
$$;
--> statement-breakpoint
-- Folds the changes into instance_counts (run by the worker; one caller at a time).
CREATE FUNCTION zb_compact_instance_counts(max_rows integer DEFAULT 100000) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('zhiben.instance_counts')) THEN
    RETURN 0;
  END IF;
  WITH gone AS (
    DELETE FROM instance_count_changes
     WHERE id IN (SELECT id FROM instance_count_changes ORDER BY id LIMIT max_rows)
    RETURNING *
  )
  INSERT INTO instance_counts (process_key, grp, dim, val, total, running, overdue, completed, closed,
                               closed_late, dismissed, level1, level2, level3, level4)
  SELECT process_key, grp, dim, val, sum(total), sum(running), sum(overdue), sum(completed), sum(closed),
         sum(closed_late), sum(dismissed), sum(level1), sum(level2), sum(level3), sum(level4)
    FROM gone GROUP BY process_key, grp, dim, val
  ON CONFLICT ON CONSTRAINT instance_counts_key DO UPDATE SET
    total = instance_counts.total + excluded.total, running = instance_counts.running + excluded.running,
    overdue = instance_counts.overdue + excluded.overdue, completed = instance_counts.completed + excluded.completed,
    closed = instance_counts.closed + excluded.closed, closed_late = instance_counts.closed_late + excluded.closed_late,
    dismissed = instance_counts.dismissed + excluded.dismissed, level1 = instance_counts.level1 + excluded.level1,
    level2 = instance_counts.level2 + excluded.level2, level3 = instance_counts.level3 + excluded.level3,
    level4 = instance_counts.level4 + excluded.level4;
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved;
END
$$;
--> statement-breakpoint
-- Recounts everything from instances (after replacing zb_counted_vars, or a bulk load with the trigger off).
CREATE FUNCTION zb_rebuild_instance_counts() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
BEGIN
  LOCK TABLE instances IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('zhiben.instance_counts'));
  DELETE FROM instance_count_changes;
  DELETE FROM instance_counts;
  INSERT INTO instance_counts (process_key, grp, dim, val, total, running, overdue, completed, closed,
                               closed_late, dismissed, level1, level2, level3, level4)
  SELECT r.process_key, r.grp, r.dim, r.val, sum(r.total), sum(r.running), sum(r.overdue), sum(r.completed),
         sum(r.closed), sum(r.closed_late), sum(r.dismissed), sum(r.level1), sum(r.level2), sum(r.level3), sum(r.level4)
    FROM instances i
   CROSS JOIN LATERAL zb_count_rows(i.process_key, i.vars, i.status, i.active_states, i.visible_to) r
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  GET DIAGNOSTICS added = ROW_COUNT;
  RETURN added;
END
$$;
--> statement-breakpoint
SELECT zb_rebuild_instance_counts();

CREATE TABLE "counted_vars" (
	"process_key" text PRIMARY KEY NOT NULL,
	"vars" text[] NOT NULL
);
--> statement-breakpoint
-- The counted variables become the application's to declare (engine.instances.setCountedVars),
-- no longer named by the engine (migration 0004 named shipped processes in zb_counted_vars).
-- A database migrated from before keeps what it counted: the table starts with the old
-- function's answer for every process it has instances or definitions of.
INSERT INTO counted_vars (process_key, vars)
SELECT p.k, zb_counted_vars(p.k)
  FROM (SELECT process_key AS k FROM instances UNION SELECT key FROM definitions) p
 WHERE cardinality(zb_counted_vars(p.k)) > 0;
--> statement-breakpoint
-- Writes zb_counted_vars from counted_vars. It stays an IMMUTABLE CASE, not a table
-- lookup: the counts trigger calls it for every changed instance row.
CREATE FUNCTION zb_write_counted_vars() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cases text;
BEGIN
  SELECT string_agg(format('WHEN %L THEN %L::text[]', process_key, vars), ' ' ORDER BY process_key)
    INTO cases FROM counted_vars;
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION zb_counted_vars(p_process text) RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
    CASE WHEN cases IS NULL THEN 'SELECT ''{}''::text[]'
         ELSE 'SELECT CASE p_process ' || cases || ' ELSE ''{}''::text[] END' END);
END
$$;
--> statement-breakpoint
SELECT zb_write_counted_vars();
--> statement-breakpoint
-- Recounts one process from its instances (after its counted variables changed).
CREATE FUNCTION zb_recount_instances(p_process text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  added bigint;
BEGIN
  LOCK TABLE instances IN SHARE MODE;
  PERFORM pg_advisory_xact_lock(hashtext('zhiben.instance_counts'));
  DELETE FROM instance_count_changes WHERE process_key = p_process;
  DELETE FROM instance_counts WHERE process_key = p_process;
  INSERT INTO instance_counts (process_key, grp, dim, val, total, running, overdue, completed, closed,
                               closed_late, dismissed, level1, level2, level3, level4)
  SELECT r.process_key, r.grp, r.dim, r.val, sum(r.total), sum(r.running), sum(r.overdue), sum(r.completed),
         sum(r.closed), sum(r.closed_late), sum(r.dismissed), sum(r.level1), sum(r.level2), sum(r.level3), sum(r.level4)
    FROM instances i
   CROSS JOIN LATERAL zb_count_rows(i.process_key, i.vars, i.status, i.active_states, i.visible_to) r
   WHERE i.process_key = p_process
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4;
  GET DIAGNOSTICS added = ROW_COUNT;
  RETURN added;
END
$$;
--> statement-breakpoint
-- Declares the variables p_process is counted by ('{}': by its state only); when they
-- differ from those declared before, rewrites zb_counted_vars and recounts the process.
-- Returns whether they changed. Servers starting together declare one at a time.
CREATE FUNCTION zb_set_counted_vars(p_process text, p_vars text[]) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('zhiben.counted_vars'));
  IF coalesce((SELECT vars FROM counted_vars WHERE process_key = p_process), '{}') = p_vars THEN
    RETURN false;
  END IF;
  IF cardinality(p_vars) = 0 THEN
    DELETE FROM counted_vars WHERE process_key = p_process;
  ELSE
    INSERT INTO counted_vars (process_key, vars) VALUES (p_process, p_vars)
    ON CONFLICT (process_key) DO UPDATE SET vars = excluded.vars;
  END IF;
  PERFORM zb_write_counted_vars();
  PERFORM zb_recount_instances(p_process);
  RETURN true;
END
$$;

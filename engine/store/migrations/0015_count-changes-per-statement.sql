-- The dashboard counts' trigger (migration 0004) runs once per statement instead of once
-- per row: a batch of 200 timers (one UPDATE of 200 instances) wrote 200 rows of changes,
-- one INSERT each, and the trigger was half of the database's CPU per timer; now it writes
-- one INSERT of the batch's changes, summed. The same counts: every changed row's old
-- rows subtracted and new rows added, updates that change nothing counted skipped.
DROP TRIGGER instances_count_changes ON instances;
--> statement-breakpoint
CREATE FUNCTION zb_instances_count_changes_per_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO instance_count_changes (process_key, grp, dim, val, total, running, overdue, completed, closed,
                                        closed_late, dismissed, level1, level2, level3, level4)
    SELECT r.process_key, r.grp, r.dim, r.val, sum(r.total), sum(r.running), sum(r.overdue), sum(r.completed),
           sum(r.closed), sum(r.closed_late), sum(r.dismissed), sum(r.level1), sum(r.level2), sum(r.level3), sum(r.level4)
      FROM new_rows n
     CROSS JOIN LATERAL zb_count_rows(n.process_key, n.vars, n.status, n.active_states, n.visible_to) r
     GROUP BY 1, 2, 3, 4;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO instance_count_changes (process_key, grp, dim, val, total, running, overdue, completed, closed,
                                        closed_late, dismissed, level1, level2, level3, level4)
    SELECT r.process_key, r.grp, r.dim, r.val, -sum(r.total), -sum(r.running), -sum(r.overdue), -sum(r.completed),
           -sum(r.closed), -sum(r.closed_late), -sum(r.dismissed), -sum(r.level1), -sum(r.level2), -sum(r.level3),
           -sum(r.level4)
      FROM old_rows o
     CROSS JOIN LATERAL zb_count_rows(o.process_key, o.vars, o.status, o.active_states, o.visible_to) r
     GROUP BY 1, 2, 3, 4;
  ELSE
    WITH moved AS (
      SELECT o.process_key AS old_process, o.vars AS old_vars, o.status AS old_status,
             o.active_states AS old_states, o.visible_to AS old_visible,
             n.process_key AS new_process, n.vars AS new_vars, n.status AS new_status,
             n.active_states AS new_states, n.visible_to AS new_visible
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE NOT (o.process_key = n.process_key AND o.status = n.status
                  AND o.active_states = n.active_states AND o.visible_to = n.visible_to
                  AND zb_count_facts(o.process_key, o.vars) = zb_count_facts(n.process_key, n.vars)))
    INSERT INTO instance_count_changes (process_key, grp, dim, val, total, running, overdue, completed, closed,
                                        closed_late, dismissed, level1, level2, level3, level4)
    SELECT c.process_key, c.grp, c.dim, c.val, sum(c.total), sum(c.running), sum(c.overdue), sum(c.completed),
           sum(c.closed), sum(c.closed_late), sum(c.dismissed), sum(c.level1), sum(c.level2), sum(c.level3), sum(c.level4)
      FROM (SELECT r.process_key, r.grp, r.dim, r.val, -r.total AS total, -r.running AS running, -r.overdue AS overdue,
                   -r.completed AS completed, -r.closed AS closed, -r.closed_late AS closed_late,
                   -r.dismissed AS dismissed, -r.level1 AS level1, -r.level2 AS level2, -r.level3 AS level3,
                   -r.level4 AS level4
              FROM moved m
             CROSS JOIN LATERAL zb_count_rows(m.old_process, m.old_vars, m.old_status, m.old_states, m.old_visible) r
            UNION ALL
            SELECT r.* FROM moved m
             CROSS JOIN LATERAL zb_count_rows(m.new_process, m.new_vars, m.new_status, m.new_states, m.new_visible) r) c
     GROUP BY 1, 2, 3, 4
    HAVING sum(c.total) <> 0 OR sum(c.running) <> 0 OR sum(c.overdue) <> 0 OR sum(c.completed) <> 0
        OR sum(c.closed) <> 0 OR sum(c.closed_late) <> 0 OR sum(c.dismissed) <> 0 OR sum(c.level1) <> 0
        OR sum(c.level2) <> 0 OR sum(c.level3) <> 0 OR sum(c.level4) <> 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER instances_count_inserts AFTER INSERT ON instances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zb_instances_count_changes_per_statement();
--> statement-breakpoint
CREATE TRIGGER instances_count_updates AFTER UPDATE ON instances REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zb_instances_count_changes_per_statement();
--> statement-breakpoint
CREATE TRIGGER instances_count_deletes AFTER DELETE ON instances REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION zb_instances_count_changes_per_statement();
--> statement-breakpoint
DROP FUNCTION zb_instances_count_changes();

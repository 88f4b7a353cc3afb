-- The dashboard counts' trigger (0015) compared each updated row's counted variables
-- with zb_count_facts, a SQL function with a FROM clause, which PostgreSQL cannot inline:
-- it parsed and planned its body again on every statement, and the trigger started its
-- INSERT's plan even when nothing counted had changed. Together that was a quarter of the
-- database's CPU for an instances.send (perf record of the bench's backends during
-- test/bench/change-cpu.bench.ts). The comparison is now inline (zb_counted_vars is an
-- IMMUTABLE CASE, which is inlined), and an update that changes nothing counted returns
-- before the INSERT starts. The counts are the same.
CREATE OR REPLACE FUNCTION zb_instances_count_changes_per_statement() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE NOT (o.process_key = n.process_key AND o.status = n.status
                               AND o.active_states = n.active_states AND o.visible_to = n.visible_to
                               AND NOT EXISTS (SELECT 1 FROM unnest(zb_counted_vars(n.process_key)
                                                                    || '{overdue,closedLate,escalationLevel}'::text[]) AS k
                                                WHERE coalesce(o.vars ->> k, '') <> coalesce(n.vars ->> k, '')))) THEN
      RETURN NULL;
    END IF;
    WITH moved AS (
      SELECT o.process_key AS old_process, o.vars AS old_vars, o.status AS old_status,
             o.active_states AS old_states, o.visible_to AS old_visible,
             n.process_key AS new_process, n.vars AS new_vars, n.status AS new_status,
             n.active_states AS new_states, n.visible_to AS new_visible
        FROM old_rows o JOIN new_rows n ON n.id = o.id
       WHERE NOT (o.process_key = n.process_key AND o.status = n.status
                  AND o.active_states = n.active_states AND o.visible_to = n.visible_to
                  AND NOT EXISTS (SELECT 1 FROM unnest(zb_counted_vars(n.process_key)
                                                       || '{overdue,closedLate,escalationLevel}'::text[]) AS k
                                   WHERE coalesce(o.vars ->> k, '') <> coalesce(n.vars ->> k, ''))))
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

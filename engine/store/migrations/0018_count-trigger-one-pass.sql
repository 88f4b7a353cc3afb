-- The dashboard counts' trigger (0015, 0016) on an update that changes something counted:
-- it joined the changed rows again (the fast path's test, repeated) and ran zb_count_rows
-- twice, once for the old rows and once for the new, under a UNION ALL. PostgreSQL builds
-- that whole plan for every statement (a completion is one statement of one row), and
-- perf record of the backends during tasks.complete put the trigger at a quarter of their
-- CPU. Each row now goes through one copy of zb_count_rows twice, signed, and rows whose
-- counted facts did not change cancel out in the sums. The counts are the same.
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
    -- Each row twice, as it was (sign -1) and as it is (+1), through one copy of
    -- zb_count_rows; a row whose counted facts did not change adds nothing, and groups
    -- that sum to nothing are dropped.
    INSERT INTO instance_count_changes (process_key, grp, dim, val, total, running, overdue, completed, closed,
                                        closed_late, dismissed, level1, level2, level3, level4)
    SELECT r.process_key, r.grp, r.dim, r.val, sum(s.sign * r.total), sum(s.sign * r.running),
           sum(s.sign * r.overdue), sum(s.sign * r.completed), sum(s.sign * r.closed),
           sum(s.sign * r.closed_late), sum(s.sign * r.dismissed), sum(s.sign * r.level1),
           sum(s.sign * r.level2), sum(s.sign * r.level3), sum(s.sign * r.level4)
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     CROSS JOIN LATERAL (VALUES (-1, o.process_key, o.vars, o.status, o.active_states, o.visible_to),
                                (1, n.process_key, n.vars, n.status, n.active_states, n.visible_to))
           AS s(sign, process_key, vars, status, active_states, visible_to)
     CROSS JOIN LATERAL zb_count_rows(s.process_key, s.vars, s.status, s.active_states, s.visible_to) r
     GROUP BY 1, 2, 3, 4
    HAVING sum(s.sign * r.total) <> 0 OR sum(s.sign * r.running) <> 0 OR sum(s.sign * r.overdue) <> 0
        OR sum(s.sign * r.completed) <> 0 OR sum(s.sign * r.closed) <> 0 OR sum(s.sign * r.closed_late) <> 0
        OR sum(s.sign * r.dismissed) <> 0 OR sum(s.sign * r.level1) <> 0 OR sum(s.sign * r.level2) <> 0
        OR sum(s.sign * r.level3) <> 0 OR sum(s.sign * r.level4) <> 0;
  END IF;
  RETURN NULL;
END
$$;

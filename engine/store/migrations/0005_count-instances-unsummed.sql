-- zb_count_instances returns the kept and the pending rows without summing them
-- (engine/service/instance-counts.ts adds the rows of each key). Same signature and
-- results as in 0004.
CREATE OR REPLACE FUNCTION zb_count_instances(p_process text, p_dim text, p_groups text[], p_user text)
RETURNS TABLE (val text, total bigint, running bigint, overdue bigint, completed bigint, closed bigint, closed_late bigint, dismissed bigint, level1 bigint, level2 bigint, level3 bigint, level4 bigint)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  -- Kept and pending rows as they are: the caller adds a key's rows (a GROUP BY here
  -- summed each count as numeric, most of this function's time for 1,000 villages).
  RETURN QUERY
  SELECT c.val, c.total, c.running, c.overdue, c.completed, c.closed, c.closed_late, c.dismissed, c.level1, c.level2, c.level3, c.level4 FROM instance_counts c
   WHERE c.process_key = p_process AND c.grp = ANY (p_groups) AND c.dim = p_dim;
  RETURN QUERY
  SELECT c.val, c.total::bigint, c.running::bigint, c.overdue::bigint, c.completed::bigint, c.closed::bigint, c.closed_late::bigint, c.dismissed::bigint, c.level1::bigint, c.level2::bigint, c.level3::bigint, c.level4::bigint FROM instance_count_changes c
   WHERE c.process_key = p_process AND c.grp = ANY (p_groups) AND c.dim = p_dim;
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

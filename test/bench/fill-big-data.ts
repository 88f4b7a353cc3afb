/**
 * Fills the instance tables with a city's worth of hazard cases in a few
 * set-based statements (generate_series); used by `npm run bench:data` and by
 * the query-plan test (test/scale/query-plans.test.ts), on PostgreSQL or PGlite.
 *
 * Shape: 50 townships × 20 villages, 20,000 enterprises, three years of cases;
 * 30 % running (one open task each, about a quarter overdue, one pending
 * timer), 70 % closed or dismissed. Every instance has `tasksPerInstance`
 * tasks (the running ones: all completed but the last, which is open), one
 * history row per task plus its start, and `finishedJobsPerInstance` finished
 * jobs. Candidate groups are `safety-office-t<n>` and `enterprise-e<n>`; an
 * instance is visible to its township's office and leader, its village and its enterprise.
 *
 * The rows are for read queries (inbox, overdue, history, statistics, due
 * jobs): their snapshots are minimal, so do not send events to generated instances.
 */

/** The id of generated instance `n` (1-based), as the generator writes it. */
export function generatedInstanceId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** A deterministic uuid from a number and a 4-hex-digit tag, so rows can refer to each other without lookups. */
// g % 10 decides running or closed; township, village and enterprise depend on g / 10 only, so
// that every one of them has both running and closed cases.
/** The dashboard counts' triggers on `instances` (migration 0015). */
export const COUNT_TRIGGERS = [
  "instances_count_inserts",
  "instances_count_updates",
  "instances_count_deletes",
];

const TOWNSHIP = "((g / 10) % 50)";
const VILLAGE = "((g / 500) % 20)";
const ENTERPRISE = "(((g / 10) * 7919) % 20011)";

const uuidOf = (tag: string, n: string) =>
  `('00000000-0000-4000-${tag}-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

export interface FillOptions {
  instances: number;
  tasksPerInstance?: number;
  /** Finished (done or cancelled) jobs per instance. */
  finishedJobsPerInstance?: number;
  /** The hazard-closure version the instances claim. */
  version?: number;
  /** Called after each statement with how many rows it wrote. */
  progress?: (label: string, rows: number, seconds: number) => void;
}

/** Empties the instance tables and fills them; `exec` runs one SQL statement and returns the rows it wrote. */
export async function fillBigData(
  exec: (statement: string) => Promise<number>,
  options: FillOptions,
): Promise<void> {
  const instanceCount = options.instances;
  const tasksPerInstance = options.tasksPerInstance ?? 5;
  const finishedJobs = options.finishedJobsPerInstance ?? 2;
  const version = options.version ?? 1;
  const step = async (label: string, statement: string) => {
    const started = performance.now();
    const rows = await exec(statement);
    options.progress?.(label, rows, (performance.now() - started) / 1000);
  };
  {
    await exec(
      "truncate instances, tasks, jobs, history, history_archive, outbox, idempotency_keys, instance_counts, instance_count_changes",
    );
    // The dashboard counts are recounted once at the end instead of row by row.
    for (const t of COUNT_TRIGGERS) await exec(`alter table instances disable trigger ${t}`);
    try {
      await step(
        "instances",
        `insert into instances (id, process_key, version, business_key, title, status, snapshot, vars, active_states,
                              revision, visible_to, participants, started_by, started_at, updated_at, ended_at)
       select ${uuidOf("8000", "g")}, 'hazard-closure', ${version}, 'YH-' || g, '隐患 ' || g,
              case when g % 10 < 3 then 'running' else 'completed' end,
              jsonb_build_object('value', s.state, 'status', case when g % 10 < 3 then 'active' else 'done' end,
                                 'context', jsonb_build_object('vars', v.vars)),
              v.vars, array[s.state], case when g % 10 < 3 then ${tasksPerInstance - 1} else ${tasksPerInstance} end,
              array['safety-office-t' || ${TOWNSHIP}, 'township-leader-t' || ${TOWNSHIP},
                    'village-t' || ${TOWNSHIP} || '-' || ${VILLAGE}, 'enterprise-e' || ${ENTERPRISE}],
              array['inspector-' || (g % 500)], 'inspector-' || (g % 500), t.started, t.started + interval '30 days',
              case when g % 10 < 3 then null else t.started + interval '30 days' end
         from generate_series(1, ${instanceCount}) g
        cross join lateral (select now() - (g % 1095) * interval '1 day' - (g % 86400) * interval '1 second' as started) t
        cross join lateral (select case when g % 10 < 3 then (array['reported','registered','planReview','rectifying','acceptance'])[(g / 10) % 5 + 1]
                                        when g % 7 = 0 then 'dismissed' else 'closed' end as state) s
        cross join lateral (select jsonb_build_object(
                  'title', '隐患 ' || g, 'enterpriseId', 'e' || ${ENTERPRISE}, 'enterpriseName', '企业 ' || ${ENTERPRISE},
                  'village', 't' || ${TOWNSHIP} || '-' || ${VILLAGE}, 'township', 't' || ${TOWNSHIP},
                  'industry', (array['工贸','危化','建筑','交通','消防'])[g % 5 + 1], 'source', 'inspection',
                  'foundAt', to_char(t.started, 'YYYY-MM-DD'),
                  'escalationLevel', case when g % 10 < 3 and g % 3 = 0 then g % 4 + 1 end,
                  'rectifyDeadline', to_char(t.started + interval '20 days', 'YYYY-MM-DD'),
                  'overdue', g % 13 = 0) as vars) v`,
      );
      await step(
        "tasks",
        `insert into tasks (id, instance_id, process_key, state_key, name, candidate_groups, assignee, status, due_at,
                          priority, form, outcomes, business_key, title, created_at, ended_at, completed_by, outcome)
       select ${uuidOf("9000", `g * ${tasksPerInstance} + k`)}, ${uuidOf("8000", "g")}, 'hazard-closure',
              (array['reported','registered','planReview','rectifying','acceptance'])[k % 5 + 1], '任务 ' || k,
              case when k % 2 = 0 then array['safety-office-t' || ${TOWNSHIP}] else array['enterprise-e' || ${ENTERPRISE}] end,
              case when open then null else 'inspector-' || (g % 500) end,
              case when open then 'open' else 'completed' end,
              case when open then now() + ((g % 40) - 10) * interval '1 day' else now() - (g % 1095) * interval '1 day' end,
              50, null, '[{"event":"DONE","label":"完成"}]'::jsonb, 'YH-' || g, '隐患 ' || g,
              now() - (g % 1095) * interval '1 day',
              case when open then null else now() - (g % 1095) * interval '1 day' + k * interval '1 day' end,
              case when open then null else 'inspector-' || (g % 500) end,
              case when open then null else 'DONE' end
         from generate_series(1, ${instanceCount}) g
        cross join generate_series(0, ${tasksPerInstance - 1}) k
        cross join lateral (select g % 10 < 3 and k = ${tasksPerInstance - 1} as open) o`,
      );
      await step(
        "history",
        `insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
       select ${uuidOf("8000", "g")}, k, now() - (g % 1095) * interval '1 day' + k * interval '1 day',
              case when k = 0 then 'start' else 'task' end, 'inspector-' || (g % 500),
              case when k = 0 then null else 'DONE' end, '{}', '{}', '{"note":"ok"}'::jsonb
         from generate_series(1, ${instanceCount}) g
        cross join lateral generate_series(0, case when g % 10 < 3 then ${tasksPerInstance - 1} else ${tasksPerInstance} end) k`,
      );
      await step(
        "jobs (finished)",
        `insert into jobs (kind, instance_id, state_key, payload, due_at, status, attempts, created_at, finished_at)
       select 'timer', ${uuidOf("8000", "g")}, 'reported', '{"event":"zb.timer.reported.0","state":"reported"}', t.at,
              case when k = 0 then 'done' else 'cancelled' end, k, t.at, t.at
         from generate_series(1, ${instanceCount}) g cross join generate_series(0, ${finishedJobs - 1}) k
        cross join lateral (select now() - (g % 1095) * interval '1 day' as at) t`,
      );
      await step(
        "jobs (pending timers)",
        `insert into jobs (kind, instance_id, state_key, payload, due_at, status, attempts, created_at)
       select 'timer', ${uuidOf("8000", "g")}, 'acceptance', '{"event":"zb.timer.acceptance.0","state":"acceptance"}',
              now() + (g % 30 + 1) * interval '1 day', 'pending', 0, now()
         from generate_series(1, ${instanceCount}) g where g % 10 < 3`,
      );
    } finally {
      for (const t of COUNT_TRIGGERS) await exec(`alter table instances enable trigger ${t}`);
    }
    await step("dashboard counts", "select zb_rebuild_instance_counts()");
    await step("vacuum analyze", "vacuum analyze instances, tasks, jobs, history, instance_counts");
  }
}

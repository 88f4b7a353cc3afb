/**
 * Makes many instances fast: copies of one instance that the engine started
 * (same snapshot, vars, history row, open tasks and pending jobs), written by one SQL
 * statement with generate_series instead of one engine call each. The copies
 * are exactly what `instances.start` would have written, bar their ids.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../engine/store/database.js";
import { rowsOf } from "../../engine/service/rows.js";

export async function cloneInstances(db: Db, templateId: string, count: number): Promise<number> {
  const result = await db.execute(sql`
    with made as (
      insert into instances (id, process_key, version, business_key, title, status, snapshot, vars, active_states,
                             parent_id, revision, visible_to, participants, incident, started_by, started_at, updated_at, ended_at)
      select gen_random_uuid(), t.process_key, t.version, t.business_key, t.title, t.status, t.snapshot, t.vars, t.active_states,
             t.parent_id, t.revision, t.visible_to, t.participants, t.incident, t.started_by, t.started_at, t.updated_at, t.ended_at
        from instances t cross join generate_series(1, ${count}) g
       where t.id = ${templateId}
      returning id
    ), timers as (
      insert into jobs (kind, instance_id, state_key, payload, due_at, status, attempts, created_at)
      select j.kind, made.id, j.state_key, j.payload, j.due_at, j.status, 0, j.created_at
        from made cross join jobs j
       where j.instance_id = ${templateId} and j.status = 'pending'
    ), work as (
      insert into tasks (id, instance_id, process_key, state_key, name, candidate_groups, assignee, status, due_at,
                         priority, form, outcomes, business_key, title, created_at)
      select gen_random_uuid(), made.id, k.process_key, k.state_key, k.name, k.candidate_groups, k.assignee, k.status,
             k.due_at, k.priority, k.form, k.outcomes, k.business_key, k.title, k.created_at
        from made cross join tasks k
       where k.instance_id = ${templateId} and k.status in ('open', 'claimed')
    ), log as (
      insert into history (instance_id, seq, at, kind, actor, event, from_states, to_states, data)
      select made.id, h.seq, h.at, h.kind, h.actor, h.event, h.from_states, h.to_states, h.data
        from made cross join history h
       where h.instance_id = ${templateId}
    )
    select count(*)::int as n from made`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

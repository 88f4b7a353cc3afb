/**
 * Engine records as the API returns them to one user: dates as ISO strings,
 * state labels from the definition, protected variables removed.
 *
 * @example
 * ```ts
 * const views = createViews({ definitions, clock: engine.clock });
 * return c.json(await views.instance(instance, actor), 200);
 * ```
 */
import type { Clock } from "../engine/clock.js";
import type { ReferenceLabel } from "../engine/references/read-references.js";
import type { Actor, HistoryEntry, Instance, Task } from "../engine/types.js";
import type { DefinitionCache } from "./definition-cache.js";
import type {
  HistoryEntryJson,
  InstanceJson,
  InstanceRefJson,
  TaskJson,
} from "./schemas/instance-schemas.js";
import { summarizeVars } from "./var-summary.js";
import { hiddenNames, withoutNames } from "./visibility.js";

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** `summary`: variables and task data as a list shows them (`var-summary.ts`). */
export interface ViewOptions {
  summary?: boolean;
}

export interface Views {
  /** With `references` (from `engine.references.ofInstances`), those of fields the actor may see are included. */
  instance(
    instance: Instance,
    actor: Actor,
    references?: ReferenceLabel[],
    options?: ViewOptions,
  ): Promise<InstanceJson>;
  instanceRef(instance: Instance): Promise<InstanceRefJson>;
  task(
    task: Task,
    actor: Actor,
    references?: ReferenceLabel[],
    options?: ViewOptions,
  ): Promise<TaskJson>;
  history(entry: HistoryEntry[], instance: Instance, actor: Actor): Promise<HistoryEntryJson[]>;
  /** Names of the instance's variables this actor may not see. */
  hidden(processKey: string, version: number, actor: Actor): Promise<Set<string>>;
}

export function createViews(options: { definitions: DefinitionCache; clock: Clock }): Views {
  const { definitions, clock } = options;

  const hidden = async (processKey: string, version: number, actor: Actor) =>
    hiddenNames((await definitions.get(processKey, version))?.protectedVars, actor);

  const activeStates = async (instance: Instance) => {
    const labels = (await definitions.get(instance.processKey, instance.version))?.labels;
    return instance.activeStates.map((key) => ({ key, label: labels?.get(key) ?? key }));
  };

  // A task does not name its definition version; its key's latest protected names apply.
  const taskHidden = async (task: Task, actor: Actor) =>
    hiddenNames((await definitions.latest(task.processKey))?.protectedVars, actor);

  // Likewise its description (what the person doing it must know), from the latest version's state.
  const taskDescription = async (task: Task) => {
    const spec = (await definitions.latest(task.processKey))?.tasks.get(task.stateKey);
    return spec?.name === task.name ? spec.description : null;
  };

  return {
    hidden,
    async instance(instance, actor, references, options = {}) {
      const names = await hidden(instance.processKey, instance.version, actor);
      const vars = withoutNames(instance.vars, names);
      return {
        id: instance.id,
        processKey: instance.processKey,
        version: instance.version,
        status: instance.status,
        businessKey: instance.businessKey,
        title: instance.title,
        activeStates: await activeStates(instance),
        vars: options.summary ? summarizeVars(vars) : vars,
        parentId: instance.parentId,
        revision: instance.revision,
        incident: instance.incident,
        startedBy: instance.startedBy,
        startedAt: instance.startedAt.toISOString(),
        updatedAt: instance.updatedAt.toISOString(),
        endedAt: iso(instance.endedAt),
        ...(references ? { references: references.filter((r) => !names.has(r.field)) } : {}),
      };
    },
    async instanceRef(instance) {
      return {
        id: instance.id,
        processKey: instance.processKey,
        businessKey: instance.businessKey,
        title: instance.title,
        status: instance.status,
        activeStates: await activeStates(instance),
      };
    },
    async task(task, actor, references, options = {}) {
      const names = await taskHidden(task, actor);
      const data = task.data === null ? null : withoutNames(task.data, names);
      const active = task.status === "open" || task.status === "claimed";
      return {
        id: task.id,
        instanceId: task.instanceId,
        processKey: task.processKey,
        stateKey: task.stateKey,
        name: task.name,
        candidateGroups: task.candidateGroups,
        assignee: task.assignee,
        status: task.status,
        dueAt: iso(task.dueAt),
        calendarIncomplete: task.calendarIncomplete,
        overdue: active && task.dueAt !== null && task.dueAt.getTime() < clock.now().getTime(),
        priority: task.priority,
        form: task.form,
        description: await taskDescription(task),
        outcomes: task.outcomes,
        businessKey: task.businessKey,
        title: task.title,
        createdAt: task.createdAt.toISOString(),
        claimedAt: iso(task.claimedAt),
        endedAt: iso(task.endedAt),
        completedBy: task.completedBy,
        outcome: task.outcome,
        data: data !== null && options.summary ? summarizeVars(data) : data,
        ...(references ? { references: references.filter((r) => !names.has(r.field)) } : {}),
      };
    },
    async history(entries, instance, actor) {
      const names = await hidden(instance.processKey, instance.version, actor);
      return entries.map((entry) => ({
        seq: entry.seq,
        at: entry.at.toISOString(),
        kind: entry.kind,
        actor: entry.actor,
        event: entry.event,
        from: entry.from,
        to: entry.to,
        data: entry.data === null ? null : withoutNames(entry.data, names),
      }));
    },
  };
}

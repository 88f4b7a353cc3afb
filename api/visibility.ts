/**
 * Who may see what (DOMAIN.md, DESIGN §3): instances by visibility groups,
 * participation or process-admin; variables by the definition's `protectedVars`.
 *
 * @example
 * ```ts
 * if (!canSeeInstance(actor, instance)) throw forbidden();
 * const vars = hideProtectedVars(instance.vars, definition.protectedVars, actor);
 * ```
 */
import type { Actor, Instance, Task } from "../engine/types.js";
import { Groups } from "./app-env.js";

export function isProcessAdmin(actor: Actor): boolean {
  return actor.groups.includes(Groups.processAdmin);
}

export function canSeeInstance(
  actor: Actor,
  instance: Pick<Instance, "visibleTo" | "participants">,
): boolean {
  return (
    isProcessAdmin(actor) ||
    instance.participants.includes(actor.id) ||
    instance.visibleTo.some((group) => actor.groups.includes(group))
  );
}

/** The task's assignee, or a member of its candidate groups. */
export function isTaskCandidate(
  actor: Actor,
  task: Pick<Task, "assignee" | "candidateGroups">,
): boolean {
  return (
    task.assignee === actor.id || task.candidateGroups.some((group) => actor.groups.includes(group))
  );
}

export type ProtectedVars = Record<string, string[]> | undefined;

/** The names of protected variables this actor may not see. */
export function hiddenNames(protectedVars: ProtectedVars, actor: Actor): Set<string> {
  const hidden = new Set<string>();
  for (const [name, groups] of Object.entries(protectedVars ?? {})) {
    if (!groups.some((group) => actor.groups.includes(group))) hidden.add(name);
  }
  return hidden;
}

/**
 * A copy of `value` without the hidden names, at any depth: history entries and task
 * data carry variables nested in event data, and a protected value must not leak there either.
 */
export function withoutNames<T>(value: T, hidden: Set<string>): T {
  if (hidden.size === 0) return value;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object" && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k]) => !hidden.has(k))
          .map(([k, inner]) => [k, strip(inner)]),
      );
    }
    return v;
  };
  return strip(value) as T;
}

export function hideProtectedVars<T>(value: T, protectedVars: ProtectedVars, actor: Actor): T {
  return withoutNames(value, hiddenNames(protectedVars, actor));
}

/**
 * Who handles a task, in names: the person who claimed it, else its groups
 * (“安监办、行业主管部门”).
 *
 * @example
 * ```ts
 * handlerOf({ assignee: null, candidateGroups: ["safety-office"] }, names); // "安监办"
 * ```
 */
import type { Task } from "../api/types.js";
import { groupName, personName, type Names } from "../components/history-words.js";

export function handlerOf(task: Pick<Task, "assignee" | "candidateGroups">, names: Names): string {
  if (task.assignee) return personName(task.assignee, names);
  return task.candidateGroups.map((g) => groupName(g, names)).join("、") || "未指派";
}

/**
 * Problems with 会签/或签 tasks (`each` and `complete`): who acts on a sub-task
 * comes from `each` alone, and `complete` means nothing without it.
 *
 * @example
 * ```ts
 * voteTaskProblems(readDefinitionOutline(json));
 * // [{ path: ["states", "review", "task", "complete"], message: "complete 只能与 each 一起使用…" }]
 * ```
 */
import { isRecord, type DefinitionOutline } from "./definition-outline.js";
import type { PathProblem } from "./format-path.js";

export function voteTaskProblems(outline: DefinitionOutline): PathProblem[] {
  return outline.states.flatMap((state): PathProblem[] => {
    const task = state.raw.task;
    if (!isRecord(task)) return [];
    const path = [...state.path, "task"];
    if (task.each === undefined) {
      return task.complete === undefined
        ? []
        : [
            {
              path: [...path, "complete"],
              message: "complete 只能与 each 一起使用：先用 each 列出会签/或签的组或用户",
            },
          ];
    }
    return (["candidateGroups", "assignee"] as const)
      .filter((field) => task[field] !== undefined)
      .map((field) => ({
        path: [...path, field],
        message: `会签/或签任务的办理人由 each 决定（每个组或用户一个子任务），不能再设 ${field}`,
      }));
  });
}

/**
 * The "会签/或签" switch of a task: off, the task has candidate groups; on, it fans
 * out over a list of groups, users or a FEEL list (`each`) and `complete` says
 * when the votes decide (all agree, the first vote, or a FEEL condition).
 */
import type { Problem } from "../api/types.js";
import type { Task } from "../../../engine/definition/schema.js";
import { listToText, problemsUnder, SelectField, TextField, textToList } from "./panel-fields.js";

type MemberKind = "groups" | "users" | "expr";

const RULES = [
  { value: "all", label: "会签：全部同意方通过（一票否决）" },
  { value: "any", label: "或签：任一人办理即定" },
  { value: "expr", label: "自定义条件（FEEL，基于 votes）" },
];

export function VoteTaskEditor({
  task,
  path,
  problems,
  onChange,
}: {
  task: Task;
  /** The task's JSON path, for its problems. */
  path: string;
  problems: Problem[];
  onChange(field: string, apply: (task: Task) => void): void;
}) {
  const each = task.each;
  const kind: MemberKind = !each
    ? "groups"
    : "groups" in each
      ? "groups"
      : "users" in each
        ? "users"
        : "expr";
  const rule =
    task.complete === undefined || task.complete === "all"
      ? "all"
      : task.complete === "any"
        ? "any"
        : "expr";
  const members = !each
    ? ""
    : "groups" in each
      ? each.groups.join(", ")
      : "users" in each
        ? each.users.join(", ")
        : each.expr;

  const toggle = (on: boolean) =>
    onChange("each", (t) => {
      if (on) {
        const groups = (Array.isArray(t.candidateGroups) ? t.candidateGroups : []).filter(
          (g): g is string => typeof g === "string",
        );
        t.each = { groups: groups.length > 0 ? groups : ["safety-office"] };
        t.complete = "all";
        delete t.candidateGroups;
        delete t.assignee;
      } else {
        t.candidateGroups = t.each && "groups" in t.each ? t.each.groups : [];
        delete t.each;
        delete t.complete;
      }
    });
  const setMembers = (nextKind: MemberKind, text: string) =>
    onChange("each", (t) => {
      const list = text
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
      t.each =
        nextKind === "expr"
          ? { expr: text.trim() }
          : nextKind === "users"
            ? { users: list }
            : { groups: list };
    });

  return (
    <div className="vote-task-editor">
      <label className="choice">
        <input
          type="checkbox"
          checked={each !== undefined}
          onChange={(e) => toggle(e.target.checked)}
        />{" "}
        会签/或签（每个组或人员一个子任务）
      </label>
      {each === undefined ? (
        <TextField
          label="候选组（逗号分隔；=开头为 FEEL）"
          mono
          value={listToText(task.candidateGroups)}
          problems={problemsUnder(problems, `${path}.candidateGroups`)}
          onChange={(v) => onChange("groups", (t) => void (t.candidateGroups = textToList(v)))}
        />
      ) : (
        <>
          <SelectField
            label="参与表决"
            value={kind}
            options={[
              { value: "groups", label: "按组（每组一个子任务）" },
              { value: "users", label: "按人员（每人一个子任务）" },
              { value: "expr", label: "FEEL 列表" },
            ]}
            onChange={(v) => setMembers(v as MemberKind, kind === "expr" ? "" : members)}
          />
          <TextField
            label={
              kind === "expr"
                ? "FEEL 列表（组名，或 {group: …}/{user: …}）"
                : kind === "users"
                  ? "人员（逗号分隔）"
                  : "组（逗号分隔）"
            }
            mono
            value={members}
            problems={problemsUnder(problems, `${path}.each`)}
            onChange={(v) => setMembers(kind, v)}
          />
          <SelectField
            label="表决规则"
            value={rule}
            options={RULES}
            onChange={(v) =>
              onChange("complete", (t) => {
                t.complete =
                  v === "expr"
                    ? `count(votes[outcome = "${t.outcomes[0]?.event ?? "APPROVE"}"]) >= 2`
                    : (v as "all" | "any");
              })
            }
          />
          {rule === "expr" && (
            <TextField
              label="完成条件（FEEL，为 true 时以最后一票的结果为准）"
              mono
              value={typeof task.complete === "string" ? task.complete : ""}
              problems={problemsUnder(problems, `${path}.complete`)}
              onChange={(v) => onChange("complete", (t) => void (t.complete = v))}
            />
          )}
          {rule === "all" && (
            <p className="muted small">
              第一个办理结果（{task.outcomes[0]?.label ?? "—"}
              ）为同意；任一子任务选其他结果即以该结果结束。
            </p>
          )}
        </>
      )}
    </div>
  );
}

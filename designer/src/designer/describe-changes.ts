/**
 * The draft compared with the published version, in words: which states,
 * transitions, tasks and timers were added, removed or changed.
 */
import type { Definition, StateNodeSpec } from "../../../engine/definition/schema.js";
import { guardExpression } from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import { describeDuration as inWords } from "../components/format.js";

/** A duration in words; a computed one as its expression, since the admin compares versions. */
function describeDuration(value: unknown): string {
  if (value && typeof value === "object") {
    const { expr, at } = value as { expr?: unknown; at?: unknown };
    if (typeof expr === "string") return `= ${expr}`;
    if (typeof at === "string") return `于 ${at}`;
  }
  return inWords(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function name(node: StateNodeSpec | undefined, key: string): string {
  return node?.label ? `「${node.label}」(${key})` : key;
}

function transitionsById(node: StateNodeSpec): Map<string, string> {
  const map = new Map<string, string>();
  for (const [event, spec] of Object.entries(node.on ?? {})) {
    transitionsOf(spec).forEach((t, i) => {
      const guard = t.guard ? ` 条件 ${guardExpression(t.guard)}` : "";
      map.set(
        `${event}#${i}`,
        `${event} → ${t.target ?? "（留在本状态）"}${guard}${t.assign ? " 赋值" + JSON.stringify(t.assign) : ""}`,
      );
    });
  }
  transitionsOf(node.onDone).forEach((t, i) =>
    map.set(`onDone#${i}`, `完成后 → ${t.target ?? "—"}`),
  );
  transitionsOf(node.always).forEach((t, i) => {
    const guard = t.guard ? ` 条件 ${guardExpression(t.guard)}` : "";
    map.set(`always#${i}`, `自动 → ${t.target ?? "—"}${guard}`);
  });
  return map;
}

function timers(node: StateNodeSpec): string[] {
  return (node.after ?? []).map(
    (a) =>
      `${describeDuration(a.delay)}${a.calendar === "workdays" ? "（工作日）" : ""} → ${a.target ?? "（留在本状态）"}`,
  );
}

export function describeChanges(published: Definition | null, draft: Definition): string[] {
  if (!published) return ["尚未发布：发布后将成为第 1 版"];
  const lines: string[] = [];
  if (published.name !== draft.name)
    lines.push(`流程名称由「${published.name}」改为「${draft.name}」`);
  if (published.initial !== draft.initial)
    lines.push(`初始状态由 ${published.initial} 改为 ${draft.initial}`);
  if (!same(published.variables, draft.variables)) lines.push("发起变量（表单）有改动");
  if (!same(published.visibility, draft.visibility)) lines.push("可见范围有改动");
  const before = new Map(walkStates({ states: published.states ?? {} }).map((s) => [s.key, s]));
  const after = new Map(walkStates({ states: draft.states ?? {} }).map((s) => [s.key, s]));

  for (const [key, s] of after)
    if (!before.has(key))
      lines.push(`新增状态 ${name(s.node, key)}${s.parentKey ? `（位于 ${s.parentKey} 内）` : ""}`);
  for (const [key, s] of before) if (!after.has(key)) lines.push(`删除状态 ${name(s.node, key)}`);

  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) continue;
    const label = name(a.node, key);
    if ((b.node.label ?? "") !== (a.node.label ?? ""))
      lines.push(`状态 ${key} 的名称由「${b.node.label ?? ""}」改为「${a.node.label ?? ""}」`);
    if (b.type !== a.type) lines.push(`状态 ${label} 的类型由 ${b.type} 改为 ${a.type}`);
    if (b.parentKey !== a.parentKey) lines.push(`状态 ${label} 移到 ${a.parentKey ?? "顶层"}`);
    const bt = b.node.task;
    const at = a.node.task;
    if (bt && !at) lines.push(`状态 ${label} 删除了任务「${bt.name}」`);
    else if (!bt && at) lines.push(`状态 ${label} 新增任务「${at.name}」`);
    else if (bt && at) {
      if (bt.name !== at.name) lines.push(`任务「${bt.name}」改名为「${at.name}」`);
      if (!same(bt.candidateGroups, at.candidateGroups))
        lines.push(`任务「${at.name}」的办理组改为 ${JSON.stringify(at.candidateGroups ?? [])}`);
      if (!same(bt.due, at.due) || bt.calendar !== at.calendar)
        lines.push(
          `任务「${at.name}」的期限由 ${describeDuration(bt.due) || "无"} 改为 ${describeDuration(at.due) || "无"}${at.calendar === "workdays" ? "（工作日）" : ""}`,
        );
      if (!same(bt.outcomes, at.outcomes))
        lines.push(
          `任务「${at.name}」的办理结果改为 ${at.outcomes.map((o) => o.label).join("、")}`,
        );
      if (!same(bt.form, at.form)) lines.push(`任务「${at.name}」的表单字段有改动`);
      if (bt.priority !== at.priority)
        lines.push(`任务「${at.name}」的优先级改为 ${at.priority ?? "默认"}`);
    }
    const tb = transitionsById(b.node);
    const ta = transitionsById(a.node);
    for (const [id, text] of ta) {
      const old = tb.get(id);
      if (old === undefined) lines.push(`状态 ${label} 新增转移 ${text}`);
      else if (old !== text) lines.push(`状态 ${label} 的转移 ${old} 改为 ${text}`);
    }
    for (const [id, text] of tb) if (!ta.has(id)) lines.push(`状态 ${label} 删除转移 ${text}`);
    const timersBefore = timers(b.node);
    const timersAfter = timers(a.node);
    if (!same(timersBefore, timersAfter))
      lines.push(
        `状态 ${label} 的定时器由 ${timersBefore.join("；") || "无"} 改为 ${timersAfter.join("；") || "无"}`,
      );
    if (!same(b.node.entry, a.node.entry)) lines.push(`状态 ${label} 的进入动作有改动`);
  }
  for (const [key, a] of after) {
    if (before.has(key)) continue;
    for (const text of transitionsById(a.node).values()) lines.push(`状态 ${key} 新增转移 ${text}`);
  }
  if (lines.length === 0 && !same(published, draft)) lines.push("有其他细节改动（见 JSON）");
  return lines;
}

/**
 * A history entry in words people read: who (their name, 系统 for the engine) and what
 * (the outcome's label, the transition's or timer's label, the event's label), never an
 * event key or a timer's internal name.
 *
 * @example
 * ```ts
 * describeEntry(entry, definition, names); // { who: "张伟", what: "确认为重大事故隐患" }
 * ```
 */
import type { Definition } from "../../../engine/definition/schema.js";
import { transitionsOf, walkStates } from "../../../engine/definition/walk-states.js";
import type { HistoryEntry, InstanceNames } from "../api/types.js";

/** Display names of users and groups (`GET /api/instances/{id}/names`). */
export type Names = InstanceNames;

export const noNames: Names = { users: {}, groups: {} };

const TIMER_EVENT = /^zb\.timer\.(.+)\.(\d+)$/;

const kindWords: Record<string, string> = {
  start: "发起",
  ignored: "收到未处理的通知",
  terminate: "终止了案件",
  incident: "处理出错",
  retry: "重试",
  calendar: "重新计算期限",
  delegate: "转办",
  notified: "发出通知",
  automatic: "自动流转",
};

const engineEvents: Record<string, string> = {
  CHILD_DONE: "下级案件已办结",
};

/** A person's name (系统 for the engine; the id when the person is unknown). */
export function personName(id: string | null | undefined, names: Names): string {
  if (!id) return "";
  if (id === "system") return "系统";
  return names.users[id] ?? id;
}

/** A group's name, else its key. */
export function groupName(key: string, names: Names): string {
  return names.groups[key] ?? key;
}

/**
 * What an event means in the definition: the label of the outcome of a task in one of the
 * `from` states, of a transition or `after` entry, or of a declared event; null if none.
 */
export function eventLabel(
  definition: Pick<Definition, "states" | "on" | "events">,
  event: string,
  from: readonly string[],
): string | null {
  const states = walkStates(definition);
  const timer = TIMER_EVENT.exec(event);
  if (timer) {
    const state = states.find((s) => s.key === timer[1]);
    const entry = state?.node.after?.[Number(timer[2])];
    return entry?.label || "期限已到";
  }
  const fromStates = states.filter((s) => from.includes(s.key));
  // The states left and their ancestors: a parent's `on` handles its children's events too.
  const scope = [...fromStates];
  for (const s of fromStates) {
    let parent = s.parentKey;
    while (parent) {
      const found = states.find((p) => p.key === parent);
      if (!found) break;
      scope.push(found);
      parent = found.parentKey;
    }
  }
  for (const s of scope) {
    const outcome = s.node.task?.outcomes.find((o) => o.event === event);
    if (outcome) return outcome.label;
  }
  for (const s of scope) {
    const labelled = transitionsOf(s.node.on?.[event]).find((t) => t.label);
    if (labelled?.label) return labelled.label;
  }
  // An outcome of a task elsewhere (e.g. the entry was a vote's deciding event).
  for (const s of states) {
    const outcome = s.node.task?.outcomes.find((o) => o.event === event);
    if (outcome) return outcome.label;
  }
  const root = transitionsOf(definition.on?.[event]).find((t) => t.label);
  return root?.label ?? definition.events?.[event]?.label ?? engineEvents[event] ?? null;
}

/** Who did it and what, for one line of the history. */
export function describeEntry(
  entry: HistoryEntry,
  definition: Pick<Definition, "states" | "on" | "events">,
  names: Names,
): { who: string; what: string } {
  const who = personName(entry.actor, names);
  const label = entry.event ? eventLabel(definition, entry.event, entry.from) : null;
  if (entry.kind === "vote") return { who, what: `表决：${label ?? "已表决"}` };
  if (entry.kind === "delegate") {
    // Names as they were at the hand-over (byName/toName), else as the directory has them now.
    const data = entry.data ?? {};
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    const to = text(data.toName) ?? personName(text(data.to), names);
    return {
      who: text(data.byName) ?? who,
      what: `将「${text(data.task) ?? "任务"}」转办给 ${to}`,
    };
  }
  if (entry.kind === "event") return { who, what: label ?? "处理了案件" };
  if (entry.kind === "ignored") return { who, what: `${label ?? "收到通知"}（未处理）` };
  return { who, what: kindWords[entry.kind] ?? "处理了案件" };
}

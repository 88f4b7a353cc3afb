/**
 * The simulator: runs the draft in the browser with the engine's own compile and step
 * code, so the path it shows is the path the server takes. Tasks are completed with
 * sample data, events sent, and timers fast-forwarded on a simulated clock.
 */
import { ReactFlowProvider } from "@xyflow/react";
import { useMemo, useState } from "react";
import { compileDefinition } from "../../../engine/definition/compile.js";
import type {
  CompiledDefinition,
  ResolvedTask,
  ResolvedTimer,
} from "../../../engine/definition/compile.js";
import type { Definition } from "../../../engine/definition/schema.js";
import { acceptedEvents, initialStep, step } from "../../../engine/runtime/step.js";
import type { PersistedSnapshot, StepResult } from "../../../engine/runtime/step.js";
import type { DesignerLayout, JsonSchema, Problem } from "../api/types.js";
import { useWorkingCalendar } from "../calendar/use-working-calendar.js";
import { formatDateTime } from "../components/format.js";
import { DesignerCanvas } from "./designer-canvas.js";
import { sampleValues } from "./sample-values.js";
import { hasVoted, simulateVote } from "./simulate-vote.js";
import { ScheduleSlotsPreview } from "./schedule-slots-preview.js";
import type { TaskMember, Vote } from "../../../engine/types.js";

interface SimState {
  compiled: CompiledDefinition;
  snapshot: PersistedSnapshot;
  vars: Record<string, unknown>;
  activeStates: string[];
  done: boolean;
  now: string;
  tasks: Map<string, ResolvedTask>;
  timers: Map<string, ResolvedTimer[]>;
  /** 会签/或签 votes by state, while its sub-tasks are open. */
  votes: Map<string, Vote[]>;
  visited: string[];
  log: { at: string; text: string; kind: "move" | "reject" | "note" }[];
}

const actor = { id: "simulator", groups: ["process-admin"] };

function absorb(
  state: Omit<SimState, "snapshot" | "vars" | "activeStates" | "done">,
  result: StepResult,
  label: string,
): SimState {
  const tasks = new Map(state.tasks);
  const timers = new Map(state.timers);
  const votes = new Map(state.votes);
  const log = [...state.log];
  for (const action of result.actions) {
    if (action.type === "exit") {
      tasks.delete(action.state);
      timers.delete(action.state);
      votes.delete(action.state);
    } else if (action.type === "enter") {
      if (action.task) tasks.set(action.state, action.task);
      if (action.task?.members) votes.set(action.state, []);
      if (action.timers.length) timers.set(action.state, action.timers);
    } else if (action.type === "notify")
      log.push({
        at: state.now,
        text: `通知 ${action.to.join("、")}：${action.message}`,
        kind: "note",
      });
    else if (action.type === "startProcess")
      log.push({ at: state.now, text: `启动子流程 ${action.key}`, kind: "note" });
    else if (action.type === "automatic")
      log.push({
        at: state.now,
        text: `自动流转 ${action.state} → ${action.target ?? action.state}：${action.label || "自动流转"}`,
        kind: "note",
      });
    else
      log.push({
        at: state.now,
        text: `${action.type === "sendToParent" ? "向父流程发送" : "向子流程发送"} ${action.event}`,
        kind: "note",
      });
  }
  log.push({
    at: state.now,
    text: `${label} → ${result.activeStates.join("、")}${result.done ? "（流程结束）" : ""}`,
    kind: "move",
  });
  return {
    ...state,
    snapshot: result.snapshot,
    vars: result.vars,
    activeStates: result.activeStates,
    done: result.done,
    tasks,
    timers,
    votes,
    visited: [...state.visited, ...result.activeStates],
    log,
  };
}

function parseJson(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new Error("需要一个 JSON 对象");
  return value as Record<string, unknown>;
}

export function SimulatorTab({
  definition,
  layout,
  problems,
}: {
  definition: Definition;
  layout: DesignerLayout;
  problems: Problem[];
}) {
  const [varsText, setVarsText] = useState(() =>
    JSON.stringify(sampleValues(definition.variables as JsonSchema | undefined), null, 2),
  );
  const [sim, setSim] = useState<SimState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [eventText, setEventText] = useState<Record<string, string>>({});
  const doc = useMemo(() => ({ definition, layout }), [definition, layout]);
  const { calendar, error: calendarError } = useWorkingCalendar();

  if (problems.length > 0)
    return (
      <div className="simulator">
        <p className="notice error">流程还有 {problems.length} 个问题，修正后才能模拟。</p>
      </div>
    );

  if (!calendar)
    return (
      <div className="simulator">
        <p className={calendarError ? "notice error" : "notice"}>
          {calendarError ? "工作日历加载失败，无法模拟。" : "正在加载工作日历…"}
        </p>
      </div>
    );

  const meta = (now: string) => ({
    now,
    actor,
    instance: { id: "simulation", businessKey: null },
    calendar,
  });
  const start = () => {
    try {
      const compiled = compileDefinition(definition);
      const now = new Date().toISOString();
      const result = initialStep(compiled, parseJson(varsText), meta(now));
      setSim(
        absorb(
          {
            compiled,
            now,
            tasks: new Map(),
            timers: new Map(),
            votes: new Map(),
            visited: [],
            log: [],
          },
          result,
          "发起",
        ),
      );
      setError(null);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const send = (
    type: string,
    data: Record<string, unknown> | undefined,
    label: string,
    now?: string,
    internal = false,
  ) => {
    if (!sim) return;
    try {
      const at = now ?? sim.now;
      const result = step(
        sim.compiled,
        sim.snapshot,
        { type, data, $internal: internal || undefined },
        meta(at),
      );
      if (typeof result === "string") {
        setSim({
          ...sim,
          now: at,
          log: [
            ...sim.log,
            {
              at,
              text: `${label}：${result === "GUARD_REJECTED" ? "条件不满足，未转移" : "当前状态不接受此事件"}`,
              kind: "reject",
            },
          ],
        });
        return;
      }
      setSim(absorb({ ...sim, now: at }, result, label));
      setError(null);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  /** One sub-task's vote: the state's event is sent once the votes decide it. */
  const vote = (
    state: string,
    task: ResolvedTask,
    member: TaskMember,
    outcome: string,
    data: Record<string, unknown>,
  ) => {
    if (!sim) return;
    try {
      const cast = simulateVote({
        compiled: sim.compiled,
        state,
        members: task.members ?? [],
        votes: sim.votes.get(state) ?? [],
        vars: sim.vars,
        vote: { outcome, data },
        member,
        meta: meta(sim.now),
      });
      const who = "group" in member ? member.group : member.user;
      if (cast.decided) {
        send(
          cast.decided,
          { ...data, votes: cast.votes },
          `${task.name}（${who}）：${outcome} → 表决结果 ${cast.decided}`,
        );
        return;
      }
      setSim({
        ...sim,
        votes: new Map(sim.votes).set(state, cast.votes),
        log: [
          ...sim.log,
          {
            at: sim.now,
            text: `${task.name}：${who} 表决 ${outcome}（${cast.votes.length}/${task.members?.length ?? 0}）`,
            kind: "note",
          },
        ],
      });
      setError(null);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    }
  };
  const dataFor = (id: string, schema: JsonSchema | null | undefined) =>
    eventText[id] ?? JSON.stringify(sampleValues(schema ?? undefined), null, 2);

  const events = sim ? acceptedEvents(sim.compiled, sim.activeStates) : [];
  const timers = sim
    ? [...sim.timers.entries()]
        .flatMap(([state, list]) => list.map((t) => ({ state, ...t })))
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    : [];

  return (
    <div className="simulator">
      <div className="sim-canvas">
        <ReactFlowProvider>
          <DesignerCanvas
            doc={doc}
            selectedId={null}
            problemStates={new Set()}
            readOnly
            activeStates={sim?.activeStates ?? []}
            visitedStates={sim?.visited ?? []}
            onSelect={() => undefined}
            onMoved={() => undefined}
            onDeleteNodes={() => undefined}
            onDeleteEdges={() => undefined}
          />
        </ReactFlowProvider>
      </div>
      <div className="sim-controls">
        <div className="panel-field">
          <label htmlFor="sim-vars">开始变量（JSON）</label>
          <textarea
            id="sim-vars"
            className="mono"
            rows={5}
            value={varsText}
            onChange={(e) => setVarsText(e.target.value)}
          />
        </div>
        <button type="button" className="btn primary" onClick={start}>
          {sim ? "重新开始" : "开始模拟"}
        </button>
        <ScheduleSlotsPreview schedules={definition.schedules} calendar={calendar} />
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
        {sim && (
          <>
            <p className="small">
              模拟时间：{formatDateTime(sim.now)} · 当前：
              <strong data-testid="sim-active">{sim.activeStates.join("、")}</strong>
              {sim.done && " · 已结束"}
            </p>
            {[...sim.tasks.entries()].map(([state, task]) => (
              <div key={state} className="sim-task">
                <strong>☑ {task.name}</strong>{" "}
                <span className="muted small">
                  {task.candidateGroups.join("、")}
                  {task.dueAt ? ` · 期限 ${formatDateTime(task.dueAt)}` : ""}
                  {task.calendarIncomplete ? "（节假日未录入，仅按周末计算）" : ""}
                </span>
                <textarea
                  aria-label={`${task.name} 提交数据`}
                  className="mono"
                  rows={3}
                  value={dataFor(state, task.form as JsonSchema | null)}
                  onChange={(e) => setEventText({ ...eventText, [state]: e.target.value })}
                />
                {task.members?.map((member) => {
                  const who = "group" in member ? member.group : member.user;
                  const voted = hasVoted(sim.votes.get(state) ?? [], member);
                  return (
                    <div key={who} className="row wrap sim-vote" data-testid="sim-vote">
                      <span className="small">
                        子任务 {who}
                        {voted ? "：已表决" : ""}
                      </span>
                      {!voted &&
                        task.outcomes.map((o) => (
                          <button
                            key={o.event}
                            type="button"
                            className="btn small"
                            onClick={() => {
                              try {
                                vote(
                                  state,
                                  task,
                                  member,
                                  o.event,
                                  parseJson(dataFor(state, task.form as JsonSchema | null)),
                                );
                              } catch (reason) {
                                setError(reason instanceof Error ? reason.message : String(reason));
                              }
                            }}
                          >
                            {who}：{o.label}
                          </button>
                        ))}
                    </div>
                  );
                })}
                <div className="row wrap">
                  {!task.members &&
                    task.outcomes.map((o) => (
                      <button
                        key={o.event}
                        type="button"
                        className="btn small"
                        onClick={() => {
                          try {
                            send(
                              o.event,
                              parseJson(dataFor(state, task.form as JsonSchema | null)),
                              `${task.name}：${o.label}`,
                            );
                          } catch (reason) {
                            setError(reason instanceof Error ? reason.message : String(reason));
                          }
                        }}
                      >
                        {o.label}
                      </button>
                    ))}
                </div>
              </div>
            ))}
            {events.length > 0 && (
              <div className="sim-events">
                <div className="panel-subhead">
                  <span>发送事件</span>
                </div>
                <div className="row wrap">
                  {events.map((e) => (
                    <button
                      key={e}
                      type="button"
                      className="btn small ghost"
                      onClick={() => send(e, {}, `事件 ${e}`)}
                    >
                      {e}
                    </button>
                  ))}
                </div>
              </div>
            )}
            {timers.length > 0 && (
              <div className="sim-timers">
                <div className="panel-subhead">
                  <span>定时器</span>
                </div>
                {timers.map((t) => (
                  <div key={t.event} className="row">
                    <span className="small">
                      ⏱ {t.state} · {formatDateTime(t.dueAt)}
                    </span>
                    <button
                      type="button"
                      className="btn small"
                      onClick={() =>
                        send(
                          t.event,
                          undefined,
                          `定时器 ${t.state}`,
                          t.dueAt > sim.now ? t.dueAt : sim.now,
                          true,
                        )
                      }
                    >
                      快进触发
                    </button>
                  </div>
                ))}
              </div>
            )}
            <details>
              <summary>变量</summary>
              <pre className="mono small">{JSON.stringify(sim.vars, null, 2)}</pre>
            </details>
            <ol className="sim-log" aria-label="经过的路径">
              {sim.log.map((entry, i) => (
                <li key={i} className={`log-${entry.kind}`}>
                  {entry.text}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}

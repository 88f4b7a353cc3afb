/**
 * The pure step's CPU per event, without a database: what a send costs the
 * Node process before any statement is written. Rounds alternate so that a
 * busy machine hurts each mode alike; compare the modes within one run.
 *
 * - a step with the definition's expressions parsed once, against one whose
 *   expressions are parsed on every evaluation (no `EventMeta.expressions`);
 * - XState's own `transition()` (a throwaway actor per call) against the
 *   runner that builds the actor scope once per machine.
 *
 *   npx tsx test/bench/step.bench.ts              # 5,000 steps a round
 *   npx tsx test/bench/step.bench.ts --steps 20000
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { transition } from "xstate";
import { createWorkingCalendar } from "../../engine/calendar/working-calendar.js";
import { compileDefinition } from "../../engine/definition/compile.js";
import type { EventMeta } from "../../engine/definition/feel.js";
import type { Definition } from "../../engine/definition/schema.js";
import { initialStep, tryStep, type PersistedSnapshot } from "../../engine/runtime/step.js";
import { benchCounter } from "./bench-processes.js";
import { fmt } from "./measure.js";

const { values: args } = parseArgs({ options: { steps: { type: "string", default: "5000" } } });
const steps = Number(args.steps);
const compiled = compileDefinition(benchCounter as unknown as Definition);
const base: EventMeta = {
  now: "2026-11-29T06:00:00.000Z",
  actor: { id: "bench", groups: [] },
  instance: { id: "bench", businessKey: null },
  calendar: createWorkingCalendar({ days: [], completeYears: [] }),
};
const withExpressions: EventMeta = { ...base, expressions: compiled.expressions };

/** CPU µs per call of `run` over `steps` calls. */
function cpuPerCall(run: () => void): number {
  const cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) run();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / steps;
}

function bumps(meta: EventMeta): () => void {
  let snapshot: PersistedSnapshot = initialStep(compiled, {}, meta).snapshot;
  return () => {
    const next = tryStep(compiled, snapshot, { type: "BUMP" }, meta);
    if ("rejection" in next) throw new Error(`BUMP refused: ${next.rejection}`);
    snapshot = next.snapshot;
  };
}

/** The transition alone, from one resolved snapshot (the assign's expression compiled in both). */
function transitions(useRunner: boolean): () => void {
  const $step = { meta: withExpressions, guardErrors: [], refusals: [] };
  const current = compiled.machine.resolveState({
    value: "counting",
    context: { vars: { count: 1 }, $step },
  });
  return useRunner
    ? () => void compiled.runner.transition(current, { type: "BUMP" })
    : () => void transition(compiled.machine, current, { type: "BUMP" } as never);
}

const modes: [string, () => void][] = [
  ["step, expressions parsed on each evaluation", bumps(base)],
  ["step, expressions parsed once", bumps(withExpressions)],
  ["XState transition(), a new actor per call", transitions(false)],
  ["XState transition, actor scope built once", transitions(true)],
];
const results = new Map<string, number[]>(modes.map(([label]) => [label, []]));
console.log(
  `pure step of bench-counter (one assign), ${steps} calls a round, load ${loadavg()[0]!.toFixed(2)}`,
);
for (let round = 0; round < 3; round++) {
  for (const [label, run] of modes) results.get(label)!.push(cpuPerCall(run));
}
for (const [label, values] of results) {
  // The first round warms up the JIT: the best of the later ones.
  console.log(
    `${label.padEnd(48)} ${fmt(Math.min(...values.slice(1)), 1).padStart(8)} µs CPU per call`,
  );
}
console.log(
  `load at the end ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);

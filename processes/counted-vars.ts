/**
 * The variables the dashboard counts of the shipped processes are kept by (GET /api/stats/*
 * groups by them): 隐患 by village and industry, 事故 by grade, 举报 by channel and result.
 * Declared with the definitions by `loadProcesses` (so at every start of the server); a
 * changed list rebuilds that process's counts.
 *
 * @example
 * ```ts
 * await declareCountedVars(engine, ["hazard-closure"]); // [] when nothing changed
 * ```
 */
import type { Engine } from "../engine/engine.js";

export const SAFETY_COUNTED_VARS: Readonly<Record<string, readonly string[]>> = {
  "hazard-closure": ["village", "industry"],
  "accident-investigation": ["grade"],
  "tip-off-reward": ["channel", "result"],
};

/** Declares those of the given processes; returns the keys whose counts were rebuilt. */
export async function declareCountedVars(
  engine: Engine,
  keys: readonly string[] = Object.keys(SAFETY_COUNTED_VARS),
): Promise<string[]> {
  const changed: string[] = [];
  for (const key of keys) {
    const vars = SAFETY_COUNTED_VARS[key];
    if (vars && (await engine.instances.setCountedVars(key, vars))) changed.push(key);
  }
  return changed;
}

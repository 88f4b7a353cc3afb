/** Small helpers for the benchmarks: concurrent callers, percentiles, printing, CPU time. */
import { readFileSync } from "node:fs";

/** Runs `total` calls of `call(i)` from `callers` concurrent loops; returns the elapsed seconds. */
export async function runConcurrently(
  callers: number,
  total: number,
  call: (index: number, caller: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = next++; i < total; i = next++) await call(i, caller);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** The p-th percentile (0..100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Times each of `count` calls; returns the latencies in ms. */
export async function latencies(
  count: number,
  call: (index: number) => Promise<unknown>,
): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call(i);
    result.push(performance.now() - started);
  }
  return result;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "n/a";

/**
 * CPU time (user + system) the given processes have used so far, in ms, from
 * /proc (Linux); null where /proc cannot be read.
 */
export function processCpuMs(pids: number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may contain spaces): utime is the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return null;
    }
  }
  return total;
}

/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface DatabaseCpu {
  start(): Promise<void>;
  /** The CPU used since `start`, in ms, or null. */
  stop(): Promise<number | null>;
}

/**
 * CPU used by the PostgreSQL backends that `backends` lists (their process
 * ids; the server on this machine, Linux) between `start()` and `stop()`, in
 * ms: what the work costs the server, much less sensitive to other load than a
 * rate. Backends that end before `stop` lose what they used, so stop before
 * closing connections. Null when their /proc entries cannot be read.
 */
export function databaseCpu(backends: () => Promise<number[]>): DatabaseCpu {
  const read = async (): Promise<Map<number, number> | null> => {
    const pids = await backends();
    const used = new Map<number, number>();
    for (const pid of pids) {
      const ms = processCpuMs([pid]);
      if (ms !== null) used.set(pid, ms);
    }
    return pids.length > 0 && used.size === 0 ? null : used;
  };
  let before: Map<number, number> | null = null;
  return {
    async start() {
      before = await read();
    },
    async stop() {
      const after = await read();
      if (!before || !after) return null;
      let total = 0;
      for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
      return total;
    },
  };
}

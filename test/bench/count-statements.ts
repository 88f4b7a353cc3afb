/**
 * Counts the statements a postgres.js client sends (every one: `begin`,
 * `commit`, the lost-connection check's transaction id, drizzle's and raw
 * ones), through postgres.js's `debug` callback, read from the client's
 * options on each query. PGlite has no such hook: null there.
 *
 * @example
 * ```ts
 * const counter = countStatements(engine.database.db);
 * await work();
 * console.log(counter?.stop()); // statements sent since the start
 * ```
 */
import type { Db } from "../../engine/store/database.js";

interface DebugOptions {
  debug?: unknown;
}

export interface StatementCounter {
  /** Statements sent so far. */
  readonly count: number;
  /** Stops counting; returns the count. */
  stop(): number;
}

/** Counts on a postgres.js client (or a drizzle database over one); null for anything else. */
export function countStatements(client: Db | { options?: DebugOptions }): StatementCounter | null {
  const options = (
    "$client" in client
      ? (client as unknown as { $client: { options?: DebugOptions } }).$client.options
      : (client as { options?: DebugOptions }).options
  ) as DebugOptions | undefined;
  // postgres.js keeps its options in a plain object with `max`; PGlite has none.
  if (!options || typeof options !== "object" || !("max" in options)) return null;
  const before = options.debug;
  let count = 0;
  options.debug = () => void count++;
  return {
    get count() {
      return count;
    },
    stop() {
      options.debug = before;
      return count;
    },
  };
}

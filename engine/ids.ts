/**
 * Branded ids, so that a task id cannot be passed where an instance id is expected.
 *
 * @example
 * ```ts
 * const id = "0193…" as InstanceId;
 * ```
 */
export type InstanceId = string & { readonly __brand: "InstanceId" };
export type TaskId = string & { readonly __brand: "TaskId" };
export type JobId = string & { readonly __brand: "JobId" };

/**
 * A new id: a UUID v7 (RFC 9562), the time in ms in its first 48 bits, then 74
 * random bits. New instances' and tasks' keys then land at the right edge of
 * their indexes (the primary keys, and every index led by `instance_id`),
 * where v4's random keys landed on a random page each: in the same runs of
 * test/bench/change-cpu.bench.ts, task completions went from 270–345/s to
 * 418–469/s (three runs each, alternated, on a loaded machine).
 */
export function newId<T extends string>(): T {
  // v4's random bits, its version digit (offset 14) made 7, behind the time.
  const random = crypto.randomUUID();
  const time = Date.now().toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}` as T;
}

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

/** A new random id (UUID v4). */
export function newId<T extends string>(): T {
  return crypto.randomUUID() as T;
}

/**
 * Everything a case page reads about one instance: the instance, its definition version,
 * its history and the names of the people and groups it mentions.
 *
 * @example
 * ```ts
 * const record = useCaseRecord(instanceId, tick);
 * if (record.data) describeEntry(record.data.history[0], record.data.definition, record.data.names);
 * ```
 */
import { api } from "../api/client.js";
import type { Definition, Delivery, HistoryEntry, Instance } from "../api/types.js";
import { noNames, type Names } from "../components/history-words.js";
import { useAsync, type AsyncState } from "../components/use-async.js";

export interface CaseRecord {
  instance: Instance;
  definition: Definition;
  history: HistoryEntry[];
  names: Names;
  /** Each delivery of the case's notifications (their status beside the history's `notified`). */
  deliveries: Delivery[];
}

export async function loadCaseRecord(instanceId: string): Promise<CaseRecord> {
  const instance = await api.instances.get(instanceId);
  const [definition, history, names, deliveries] = await Promise.all([
    api.definitions.get(instance.processKey, instance.version),
    api.instances.history(instanceId).catch(() => []),
    api.instances.names(instanceId).catch(() => noNames),
    api.deliveries.ofInstance(instanceId).catch(() => []),
  ]);
  return { instance, definition: definition.definition, history, names, deliveries };
}

/** Loads the case again when `tick` changes (a live update). */
export function useCaseRecord(
  instanceId: string | undefined,
  tick: number,
): AsyncState<CaseRecord | null> {
  return useAsync(async () => (instanceId ? loadCaseRecord(instanceId) : null), [instanceId, tick]);
}

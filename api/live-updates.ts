/**
 * Fans the engine's change events out to the event-stream clients, each
 * receiving only what its user may see. One engine subscription serves all
 * clients; it is opened with the first client and closed with the last.
 *
 * @example
 * ```ts
 * const hub = createLiveUpdates({ engine, logger });
 * const leave = await hub.join(actor, (update) => stream.writeSSE(…));
 * ```
 */
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { Actor, EngineEvent, Instance, Task } from "../engine/types.js";
import { canSeeInstance, isTaskCandidate } from "./visibility.js";
import { describeError } from "../engine/store/driver-error.js";

/** What a client receives: the change, and enough to show it without another request. */
export interface LiveUpdate {
  type: EngineEvent["type"];
  instanceId: string | null;
  taskId?: string;
  processKey?: string;
  status?: string;
  name?: string;
  title?: string | null;
  assignee?: string | null;
}

interface Client {
  actor: Actor;
  send(update: LiveUpdate): void;
  end(): void;
}

export interface LiveUpdates {
  /** Adds a client; `end` is called when the hub shuts down. Returns a function that removes it. */
  join(
    actor: Actor,
    send: (update: LiveUpdate) => void,
    end?: () => void,
  ): Promise<() => Promise<void>>;
  /** Ends every client's stream (server shutdown). */
  close(): Promise<void>;
  /** How many streams this user has open in this process. */
  streamsOf(userId: string): number;
}

export function createLiveUpdates(options: { engine: Engine; logger: Logger }): LiveUpdates {
  const { engine, logger } = options;
  const clients = new Set<Client>();
  let unsubscribe: Promise<() => Promise<void>> | null = null;

  const deliver = async (event: EngineEvent) => {
    if (clients.size === 0) return;
    // A message centre's change goes to its owner only (the bell re-reads its count).
    if (event.type === "notifications.changed") {
      for (const client of clients)
        if (event.userIds.includes(client.actor.id))
          client.send({ type: event.type, instanceId: event.instanceId });
      return;
    }
    let instance: Instance | null = null;
    let task: Task | null = null;
    try {
      instance = await engine.instances.get(event.instanceId);
      if (event.type !== "instance.changed") task = await engine.tasks.get(event.taskId);
    } catch (error) {
      logger.debug(
        { err: describeError(error), event },
        "live update dropped: record not readable",
      );
      return;
    }
    const update: LiveUpdate = task
      ? {
          type: event.type,
          instanceId: task.instanceId,
          taskId: task.id,
          processKey: task.processKey,
          status: task.status,
          name: task.name,
          title: task.title,
          assignee: task.assignee,
        }
      : {
          type: event.type,
          instanceId: instance.id,
          processKey: instance.processKey,
          status: instance.status,
          title: instance.title,
        };
    for (const client of clients) {
      if (
        canSeeInstance(client.actor, instance) ||
        (task !== null && isTaskCandidate(client.actor, task))
      ) {
        client.send(update);
      }
    }
  };

  return {
    streamsOf(userId) {
      let count = 0;
      for (const client of clients) if (client.actor.id === userId) count++;
      return count;
    },
    async join(actor, send, end = () => {}) {
      const client: Client = { actor, send, end };
      clients.add(client);
      unsubscribe ??= engine.subscribe((event) => {
        deliver(event).catch((error: unknown) =>
          logger.warn({ err: describeError(error) }, "live update failed"),
        );
      });
      try {
        await unsubscribe;
      } catch (error) {
        clients.delete(client);
        unsubscribe = null;
        throw error;
      }
      return async () => {
        clients.delete(client);
        if (clients.size === 0 && unsubscribe) {
          const stopping = unsubscribe;
          unsubscribe = null;
          await (await stopping)().catch(() => {});
        }
      };
    },
    async close() {
      for (const client of clients) client.end();
      clients.clear();
      if (unsubscribe) {
        const stopping = unsubscribe;
        unsubscribe = null;
        await (await stopping)().catch(() => {});
      }
    },
  };
}

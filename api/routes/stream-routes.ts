/**
 * `GET /stream`: Server-Sent Events of the task and instance changes the user may see,
 * from this server process or any other on the same database, with a heartbeat.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { ApiDeps } from "../api-deps.js";
import { actorOf } from "../app-env.js";
import type { LiveUpdates } from "../live-updates.js";
import { ProblemError, problem } from "../problem.js";
import { createRouter } from "../router.js";
import { Security, problemResponses } from "../schemas/common-schemas.js";

const streamRoute = createRoute({
  method: "get",
  path: "/stream",
  tags: ["live"],
  summary:
    "Live task and instance changes (text/event-stream); EventSource may pass the token as `access_token`",
  security: Security,
  request: {
    query: z.object({
      access_token: z
        .string()
        .max(4096)
        .optional()
        .openapi({ description: "The bearer token, for EventSource" }),
    }),
  },
  responses: {
    200: {
      description:
        "Events `ready`, `heartbeat`, `task.created`, `task.claimed`, `task.completed`, `task.cancelled`, `task.updated`, `instance.changed`, `notifications.changed` (my message centre changed: re-read `GET /notifications`); data is JSON",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...problemResponses(400, 401, 503),
  },
});

/** Streams one user may hold open at once in one process (tabs, devices). */
export const MAX_STREAMS_PER_USER = 10;

export function streamRoutes({ users, engine }: ApiDeps, live: LiveUpdates, heartbeatMs: number) {
  const router = createRouter();

  router.openapi(streamRoute, (c) => {
    const user = c.get("user");
    const tokenVersion = c.get("tokenVersion");
    const actor = actorOf(user);
    if (live.streamsOf(user.id) >= MAX_STREAMS_PER_USER) {
      throw new ProblemError(
        problem(429, `at most ${MAX_STREAMS_PER_USER} event streams per user`, {
          kind: "too-many-streams",
          code: "TOO_MANY_STREAMS",
        }),
        { "Retry-After": "30" },
      );
    }
    return streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      let ended = false;
      const end = () => {
        ended = true;
        wake();
      };
      stream.onAbort(end);
      let sequence = 0;
      const leave = await live.join(
        actor,
        (update) => {
          if (ended) return;
          sequence += 1;
          stream
            .writeSSE({ event: update.type, id: String(sequence), data: JSON.stringify(update) })
            .catch(end);
        },
        end,
      );
      try {
        await stream.writeSSE({
          event: "ready",
          data: JSON.stringify({ user: user.id, heartbeatMs }),
        });
        while (!ended) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (ended) break;
          // A disabled user, or one whose password was reset, loses the stream too.
          const row = await users.find(user.id).catch(() => null);
          if (
            !row ||
            row.disabled ||
            row.tokenVersion !== tokenVersion ||
            row.groups.join() !== user.groups.join()
          )
            break;
          await stream.writeSSE({
            event: "heartbeat",
            data: JSON.stringify({ at: engine.clock.now().toISOString() }),
          });
        }
      } finally {
        await leave();
      }
    });
  });

  return router;
}

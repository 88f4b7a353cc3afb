/**
 * Middleware: an `Idempotency-Key` header on a POST makes it apply once. The
 * first request with a key in its scope (`http:<userId>:<method> <path>`)
 * claims the key (`engine.idempotencyKeys`); the others, even from other server
 * processes at the same moment, wait for its answer and get the same one.
 * A 5xx answer is not kept, so the client may retry with the same key.
 *
 * @example
 * ```ts
 * api.post("/instances", authenticate(…), idempotency({ keys: engine.idempotencyKeys }), handler);
 * ```
 */
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { IdempotencyKeys } from "../engine/engine.js";
import type { AppEnv } from "./app-env.js";
import { ProblemError, problem } from "./problem.js";

interface PendingResult {
  state: "pending";
  requestHash: string;
}

interface StoredResult {
  state: "done";
  requestHash: string;
  status: number;
  contentType: string | null;
  body: string;
}

type KeptResult = PendingResult | StoredResult;

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function idempotency(options: {
  keys: IdempotencyKeys;
  /** How long a request waits for another one holding the same key. */
  waitMs?: number;
  /** After this long, a key whose request never answered may be taken over. */
  abandonAfterSeconds?: number;
}): MiddlewareHandler<AppEnv> {
  const { keys, waitMs = 30_000, abandonAfterSeconds = 120 } = options;

  const claim = (scope: string, key: string, requestHash: string) =>
    keys.claim(scope, key, { requestHash }, { abandonAfterSeconds });
  const read = async (scope: string, key: string) =>
    (await keys.read(scope, key)) as KeptResult | null;
  const release = (scope: string, key: string) => keys.release(scope, key);

  return async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemError(
        problem(400, "the Idempotency-Key header must be 1 to 200 visible ASCII characters", {
          errors: [
            { path: "headers.idempotency-key", message: "1 to 200 visible ASCII characters" },
          ],
        }),
      );
    }
    const scope = `http:${c.get("user").id}:${c.req.method} ${c.req.path}`;
    const requestHash = createHash("sha256")
      .update(await c.req.text())
      .digest("base64url");
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await claim(scope, key, requestHash)) break;
      const kept = await read(scope, key);
      if (kept?.state === "done") {
        if (kept.requestHash !== requestHash) {
          throw new ProblemError(
            problem(422, "this Idempotency-Key was used for a different request", {
              kind: "idempotency-key-reused",
            }),
          );
        }
        const headers: Record<string, string> = { "Idempotent-Replayed": "true" };
        if (kept.contentType) headers["Content-Type"] = kept.contentType;
        return c.body(kept.body, kept.status as ContentfulStatusCode, headers);
      }
      if (Date.now() > deadline) {
        throw new ProblemError(
          problem(409, "a request with this Idempotency-Key is still in progress", {
            kind: "idempotency-key-in-use",
            code: "CONFLICT",
          }),
          { "Retry-After": "1" },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, kept ? 50 : 5));
    }
    try {
      await next();
    } catch (error) {
      await release(scope, key).catch(() => {});
      throw error;
    }
    const response = c.res;
    if (response.status >= 500) {
      await release(scope, key).catch(() => {});
      return;
    }
    const done: Omit<StoredResult, "state"> = {
      requestHash,
      status: response.status,
      contentType: response.headers.get("Content-Type"),
      body: await response.clone().text(),
    };
    await keys.finish(scope, key, done);
  };
}

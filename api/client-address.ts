/**
 * The caller's network address, for per-client limits: the socket's peer, or
 * with `trustProxy` the first `X-Forwarded-For` entry (set it only behind a
 * reverse proxy that writes that header itself). `unknown` when neither exists
 * (a request made in-process, e.g. `app.request` in tests).
 *
 * @example
 * ```ts
 * const addressOf = clientAddress({ trustProxy: false });
 * addressOf(c); // "203.0.113.9"
 * ```
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

export function clientAddress(options: { trustProxy: boolean }): (c: Context) => string {
  return (c) => {
    if (options.trustProxy) {
      const forwarded = c.req.header("X-Forwarded-For")?.split(",")[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };
}

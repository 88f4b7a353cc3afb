/**
 * A router for one group of routes: invalid input becomes a 400 problem listing each field.
 *
 * @example
 * ```ts
 * const router = createRouter();
 * router.openapi(route, handler);
 * ```
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ZodError } from "zod";
import type { AppEnv } from "./app-env.js";
import { problem, problemResponse } from "./problem.js";

const targetPrefix: Record<string, string> = {
  json: "body",
  query: "query",
  param: "path",
  header: "headers",
};

export function validationProblemResponse(c: Context, target: string, error: ZodError): Response {
  const prefix = targetPrefix[target] ?? target;
  const errors = error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  return problemResponse(
    c,
    problem(400, `the request ${prefix} is invalid`, {
      kind: "validation",
      code: "VALIDATION",
      errors,
    }),
  );
}

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblemResponse(c, result.target, result.error);
    },
  });
}

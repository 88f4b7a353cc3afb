/**
 * Zod schemas shared by many routes: problems, ids, paging, booleans in query strings.
 */
import { z } from "@hono/zod-openapi";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    correlationId: z.string().optional().openapi({
      description: "The request's id; the server's log lines about it carry it as `reqId`",
    }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

const problemDescriptions: Record<number, string> = {
  400: "Bad input: each field's problem in `errors`",
  401: "No token, or a bad, expired or revoked one",
  403: "The caller's groups do not allow this",
  404: "Not found",
  409: "Conflict: wrong state, claimed by another, or an Idempotency-Key still in progress",
  413: "The body or file is larger than the limit",
  415: "The body is not JSON",
  422: "Well-formed but refused",
  429: "Too many failed attempts: wait `Retry-After` seconds",
  503: "The database is unavailable",
};

/** Response entries for the given problem statuses. */
export function problemResponses<S extends number>(...statuses: S[]) {
  const entries = statuses.map((status) => [
    status,
    {
      description: problemDescriptions[status] ?? "Error",
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    },
  ]);
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }
  >;
}

/** A JSON response entry. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

export const IdempotencyHeaderSchema = z.object({
  "idempotency-key": z.string().optional().openapi({
    description:
      "The same key from the same user returns the first response and applies nothing twice.",
  }),
});

export const UuidParamSchema = z.object({
  id: z.uuid().openapi({
    param: { name: "id", in: "path" },
    example: "0b9b6c1e-7a0f-4c43-9a53-2f2f1d8f9a10",
  }),
});

export const ProcessKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,63}$/,
    "a process key is 2–64 characters: a–z, 0–9 and -, starting with a letter",
  );

export const QueryBooleanSchema = z.enum(["true", "false", "1", "0"]);

export function queryFlag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === "true" || value === "1";
}

export const CursorSchema = z.string().min(1).max(512);
export const LimitSchema = z.coerce.number().int().min(1).max(200);

/** Free JSON object. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());

export const Security = [{ bearerAuth: [] }];

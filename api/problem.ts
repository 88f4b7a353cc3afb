/**
 * RFC 9457 problem details, and the one place where engine errors become HTTP status codes.
 *
 * @example
 * ```ts
 * app.onError((error, c) => problemResponse(c, problemFromError(error)));
 * ```
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EngineError, type ErrorCode, type Problem } from "../engine/errors.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** For 400 and 422: each field's problem. */
  errors?: Problem[];
  /** The engine's error code, when an engine error caused it, or the API's own (`INVALID_VALUE`, `INTERNAL`…). */
  code?: string;
  /** The request's id (`X-Request-Id`): the log lines that say more carry it as `reqId`. */
  correlationId?: string;
}

/** Engine error code → HTTP status: the only such table in the API. */
export const statusForErrorCode: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION: 400,
  INVALID_DEFINITION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  GUARD_REJECTED: 422,
  EVENT_NOT_ACCEPTED: 422,
  EXPRESSION: 422,
  UNAVAILABLE: 503,
  TOO_LARGE: 413,
};

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** A problem with a status and message; `type` is a URN naming the kind of problem. */
export function problem(
  status: number,
  detail: string,
  extra: { kind?: string; errors?: Problem[]; code?: string } = {},
): ProblemDetails {
  const body: ProblemDetails = {
    type: extra.kind ? `urn:zhiben:problem:${extra.kind}` : "about:blank",
    title: titles[status] ?? "Error",
    status,
    detail,
  };
  if (extra.errors) body.errors = extra.errors;
  if (extra.code) body.code = extra.code;
  return body;
}

/** Thrown by route code to answer with a problem. */
export class ProblemError extends Error {
  readonly problem: ProblemDetails;
  readonly headers: Record<string, string>;
  constructor(details: ProblemDetails, headers: Record<string, string> = {}) {
    super(details.detail);
    this.name = "ProblemError";
    this.problem = details;
    this.headers = headers;
  }
}

export function problemResponse(
  c: Context,
  details: ProblemDetails,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(details), details.status as ContentfulStatusCode, {
    ...headers,
    "Content-Type": PROBLEM_CONTENT_TYPE,
  });
}

// postgres.js and node socket errors that mean the database is out of reach.
const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
  "53300",
]);

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return errorCodeOf((error as { cause?: unknown }).cause);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the error says the database connection is lost or closed. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (code && connectionErrorCodes.has(code)) return true;
  const text = messageOf(error) + " " + messageOf((error as { cause?: unknown } | null)?.cause);
  return /PGlite is closed|connection (?:ended|closed|terminated)|write after end|Connection terminated/i.test(
    text,
  );
}

/** Maps anything thrown while answering a request to a problem. */
export function problemFromError(error: unknown): {
  details: ProblemDetails;
  headers: Record<string, string>;
} {
  if (error instanceof ProblemError) return { details: error.problem, headers: error.headers };
  if (error instanceof EngineError) {
    const status = statusForErrorCode[error.code];
    const errors =
      "problems" in error ? (error as EngineError & { problems: Problem[] }).problems : undefined;
    return {
      details: problem(status, error.message, {
        kind: error.code.toLowerCase().replaceAll("_", "-"),
        code: error.code,
        ...(errors ? { errors } : {}),
      }),
      headers: {},
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const detail = error.message || titles[status] || "Error";
    return {
      details: problem(
        status,
        detail,
        status === 400 ? { errors: [{ path: "", message: detail }] } : {},
      ),
      headers: {},
    };
  }
  if (isConnectionError(error)) {
    return {
      details: problem(503, "the database is unavailable", {
        kind: "unavailable",
        code: "UNAVAILABLE",
      }),
      headers: { "Retry-After": "5" },
    };
  }
  const pgCode = errorCodeOf(error);
  // Class 22 (data exception): a value from the request that PostgreSQL could not take.
  // The driver's message holds the statement's parameters: it goes to the log, redacted, never here.
  if (pgCode && /^22[0-9A-Z]{3}$/.test(pgCode)) {
    const detail = "请求中的值无法保存（超出范围或格式不正确）";
    return {
      details: problem(400, detail, {
        kind: "invalid-value",
        code: "INVALID_VALUE",
        errors: [{ path: "", message: detail }],
      }),
      headers: {},
    };
  }
  return {
    details: problem(500, "服务器内部错误，请稍后再试", { kind: "internal", code: "INTERNAL" }),
    headers: {},
  };
}

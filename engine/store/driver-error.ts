/**
 * What may be said of an error without the data it carries. A database
 * driver's error holds the statement's parameters (drizzle's "Failed query: …
 * params: …"), which can be an instance's protected variables or a password
 * hash; PostgreSQL's own message and detail may quote a value too. So a driver
 * error is described by its SQLSTATE, the statement text (placeholders, never
 * values) and the server's message with every quoted part blanked.
 *
 * @example
 * ```ts
 * logger.error({ err: describeError(error) }, "request failed");
 * incident.message = safeErrorMessage(error); // "database error 22P05"
 * ```
 */

export interface ErrorDescription {
  name: string;
  message: string;
  /** SQLSTATE or the driver's code, when there is one. */
  code?: string;
  /** The statement, with `$1`-style placeholders. */
  query?: string;
}

interface DriverQueryError {
  query: string;
  params: unknown;
  cause?: unknown;
}

function isQueryError(error: unknown): error is Error & DriverQueryError {
  return error instanceof Error && "query" in error && "params" in error;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  return codeOf((error as { cause?: unknown }).cause);
}

/** PostgreSQL quotes the offending value (`invalid input syntax for type uuid: "…"`): blank every quoted part. */
function blankQuoted(text: string): string {
  return text.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

/** Whether the error came from the database driver (a failed statement, or a PostgreSQL error). */
export function isDriverError(error: unknown): boolean {
  if (isQueryError(error)) return true;
  const code = codeOf(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code);
}

/** The error without its data, for logs. */
export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof Error)) return { name: "Error", message: blankQuoted(String(error)) };
  const code = codeOf(error);
  if (isQueryError(error)) {
    const cause = error.cause instanceof Error ? blankQuoted(error.cause.message) : "";
    return {
      name: error.name,
      message: cause || "a database statement failed",
      ...(code ? { code } : {}),
      query: error.query,
    };
  }
  if (isDriverError(error)) {
    return { name: error.name, message: blankQuoted(error.message), ...(code ? { code } : {}) };
  }
  return { name: error.name, message: error.message, ...(code ? { code } : {}) };
}

/** One line for people (job errors, incidents): a driver error only by its code. */
export function safeErrorMessage(error: unknown): string {
  if (isDriverError(error)) return `database error ${codeOf(error) ?? "(no code)"}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A unique constraint refused the row (PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return codeOf(error) === "23505";
}

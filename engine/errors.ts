/**
 * The engine's typed errors. Each has a stable `code`; the HTTP API maps codes
 * to status codes in one place (`api/problem.ts`).
 *
 * @example
 * ```ts
 * try { await engine.tasks.complete(id, { outcome: "APPROVE", data }, actor); }
 * catch (e) { if (e instanceof ValidationError) console.log(e.problems); }
 * ```
 */

/** One problem with an input: where (a dotted JSON path, `""` for the whole) and what. */
export interface Problem {
  path: string;
  message: string;
}

export type ErrorCode =
  | "VALIDATION"
  | "INVALID_DEFINITION"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "GUARD_REJECTED"
  | "EVENT_NOT_ACCEPTED"
  | "EXPRESSION"
  | "UNAVAILABLE"
  | "TOO_LARGE";

/** Base class of every error the engine throws on purpose. */
export class EngineError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Thrown when start variables or task form data do not match their JSON Schema; lists every field's problem. */
export class ValidationError extends EngineError {
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[]) {
    super("VALIDATION", message);
    this.problems = problems;
  }
}

/** Thrown when a definition is published (or started) while it has problems; lists all of them. */
export class InvalidDefinitionError extends EngineError {
  readonly problems: Problem[];
  constructor(problems: Problem[], message = "the definition is invalid") {
    super("INVALID_DEFINITION", `${message}: ${problems.length} problem(s)`);
    this.problems = problems;
  }
}

/** Thrown when a definition, version, instance, task or job does not exist. */
export class NotFoundError extends EngineError {
  readonly entity: string;
  readonly id: string;
  constructor(entity: string, id: string) {
    super("NOT_FOUND", `${entity} ${id} not found`);
    this.entity = entity;
    this.id = id;
  }
}

/** Thrown when the actor is neither the task's assignee nor in its candidate groups. */
export class ForbiddenError extends EngineError {
  constructor(message: string) {
    super("FORBIDDEN", message);
  }
}

/** Thrown when the thing is in the wrong state for the call: task not open, claimed by another, instance not running. */
export class ConflictError extends EngineError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** What a refusal says when its guards carry no message. */
export const DEFAULT_GUARD_MESSAGE = "当前条件不允许此操作";

/**
 * Thrown when the current state handles the event but every guard of it
 * evaluated to something other than `true`. `problems` say why in the user's
 * words: each refusing guard's `message` at its `field` (a form field name,
 * `""` for none), or the default message with the outcome's label.
 */
export class GuardRejectedError extends EngineError {
  readonly event: string;
  /** Guards that could not be evaluated (a definition error), if any. */
  readonly guardErrors: string[];
  readonly problems: Problem[];
  constructor(
    event: string,
    activeStates: string[],
    guardErrors: string[] = [],
    problems: Problem[] = [{ path: "", message: DEFAULT_GUARD_MESSAGE }],
  ) {
    super(
      "GUARD_REJECTED",
      `event ${event} was refused by its guard in state ${activeStates.join(", ")}` +
        (guardErrors.length > 0
          ? `; a guard could not be evaluated: ${guardErrors.join("; ")}`
          : ""),
    );
    this.event = event;
    this.guardErrors = guardErrors;
    this.problems = problems;
  }
}

/** Thrown when no active state (nor the root) handles the event. */
export class EventNotAcceptedError extends EngineError {
  readonly event: string;
  constructor(event: string, activeStates: string[]) {
    super(
      "EVENT_NOT_ACCEPTED",
      `event ${event} is not accepted in state ${activeStates.join(", ")}`,
    );
    this.event = event;
  }
}

/** Thrown when a FEEL expression fails at run time (syntax error, or a value of the wrong type where one is needed). */
export class ExpressionError extends EngineError {
  readonly expression: string;
  constructor(expression: string, message: string) {
    super("EXPRESSION", `${message} in expression \`${expression}\``);
    this.expression = expression;
  }
}

/** Thrown when the database cannot be reached; the API answers 503. */
export class UnavailableError extends EngineError {
  constructor(message: string) {
    super("UNAVAILABLE", message);
  }
}

/** Thrown when an upload is larger than the engine's `files.maxBytes`; the API answers 413. */
export class TooLargeError extends EngineError {
  readonly problems: Problem[];
  readonly maxBytes: number;
  constructor(maxBytes: number, problems: Problem[]) {
    super("TOO_LARGE", `the file is larger than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
    this.problems = problems;
  }
}

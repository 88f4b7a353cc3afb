/**
 * Runs FEEL expressions that may loop or allocate without bound in a worker
 * thread with a memory limit and a time limit, called synchronously (the step
 * is synchronous and feelin cannot be interrupted from inside): the request
 * goes over a MessageChannel, the caller sleeps on a shared counter with
 * `Atomics.wait` and a timeout, and takes the answer with
 * `receiveMessageOnPort`. On timeout (or when the worker ran out of memory and
 * died) the worker is terminated and the next call starts a new one.
 *
 * Owned by one engine; `close()` ends its worker.
 *
 * @example
 * ```ts
 * const sandbox = createFeelSandbox({ timeLimitMs: 1000, maxMemoryMb: 64 });
 * sandbox.evaluate("count(for i in 1..10 return i)", { vars: {} }); // 10
 * sandbox.evaluate("count(for i in 1..100000000 return i)", {}); // throws ExpressionError
 * ```
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";
import { ExpressionError } from "../errors.js";

export interface FeelSandboxOptions {
  /** Longest one evaluation may run (default 1,000 ms). */
  timeLimitMs?: number;
  /** Heap of the worker (default 64 MB). */
  maxMemoryMb?: number;
  /** Longest JSON text of a result (default 1,000,000 characters). */
  maxResultChars?: number;
}

/** What the worker needs to rebuild an expression's scope: plain, cloneable values. */
export interface SandboxInput {
  vars?: unknown;
  event?: unknown;
  actor?: unknown;
  instance?: unknown;
  votes?: unknown;
  item?: unknown;
  slot?: unknown;
  /** Beijing local time `YYYY-MM-DDTHH:mm:ss` for `now` and `today()`. */
  localNow?: string;
  /** For `is workday()`: the calendar's named dates and whether each is a working day. */
  namedDays?: [string, boolean][];
}

export interface FeelSandbox {
  /** The result as plain JSON; `ExpressionError` when it fails or breaks the budget. */
  evaluate(expression: string, input: SandboxInput): unknown;
  close(): Promise<void>;
}

// Slots of the shared counters: requests sent, answers given, worker ready.
const REQUESTS = 0;
const ANSWERS = 1;
const READY = 2;
/** Starting a worker (loading feelin) on a busy machine. */
const START_LIMIT_MS = 10_000;

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { receiveMessageOnPort } = require("node:worker_threads");
const { port, counters, feelinUrl, maxResultChars } = workerData;
import(feelinUrl).then(({ evaluate, dateAndTime, parseDate }) => {
  Atomics.store(counters, ${READY}, 1);
  Atomics.notify(counters, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(counters, ${REQUESTS}, seen);
    seen = Atomics.load(counters, ${REQUESTS});
    const message = receiveMessageOnPort(port);
    if (!message) continue;
    const { expression, input } = message.message;
    let answer;
    try {
      const context = {};
      for (const name of ["vars", "event", "actor", "instance", "votes", "item", "slot"]) if (name in input) context[name] = input[name];
      if (input.localNow) {
        context.now = dateAndTime(input.localNow + "@Asia/Shanghai");
        const today = parseDate(input.localNow.slice(0, 10));
        context.today = () => today;
      }
      if (input.namedDays) {
        const named = new Map(input.namedDays);
        context["is workday"] = (value) => {
          if (value === null || value === undefined) return null;
          let text = String(value).replace(/@[A-Za-z_/+-]+$/, "");
          if (!/^\\d{4}-\\d{2}-\\d{2}$/.test(text)) {
            const zoned = /([zZ]|[+-]\\d{2}:\\d{2})$/.test(text) ? text : text + "+08:00";
            const at = new Date(zoned);
            if (Number.isNaN(at.getTime())) return null;
            text = new Date(at.getTime() + 8 * 3600000).toISOString().slice(0, 10);
          }
          if (named.has(text)) return named.get(text);
          const weekday = new Date(text + "T00:00:00Z").getUTCDay();
          return Number.isNaN(weekday) ? null : weekday !== 0 && weekday !== 6;
        };
      }
      const value = evaluate(expression, context).value;
      const text = value === undefined || typeof value === "function" ? "null" : JSON.stringify(value);
      answer = text.length > maxResultChars
        ? { error: "the result is longer than " + maxResultChars + " characters" }
        : { json: text === undefined ? "null" : text };
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
    Atomics.add(counters, ${ANSWERS}, 1);
    Atomics.notify(counters, ${ANSWERS});
  }
});
`;

interface Running {
  worker: Worker;
  port: MessagePort;
  counters: Int32Array;
}

export function createFeelSandbox(options: FeelSandboxOptions = {}): FeelSandbox {
  const timeLimitMs = options.timeLimitMs ?? 1000;
  const maxMemoryMb = options.maxMemoryMb ?? 64;
  const maxResultChars = options.maxResultChars ?? 1_000_000;
  const feelinUrl = pathToFileURL(createRequire(import.meta.url).resolve("feelin")).href;
  let running: Running | null = null;

  function start(): Running {
    const { port1, port2 } = new MessageChannel();
    const counters = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, counters, feelinUrl, maxResultChars },
      transferList: [port2],
      resourceLimits: {
        maxOldGenerationSizeMb: maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.floor(maxMemoryMb / 4)),
        stackSizeMb: 4,
      },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    // A worker that ran out of memory exits; the caller notices by the timeout.
    worker.on("error", () => {});
    const ready = Atomics.wait(counters, READY, 0, START_LIMIT_MS);
    if (ready === "timed-out") {
      void worker.terminate();
      throw new Error("the expression sandbox did not start");
    }
    return { worker, port: port1, counters };
  }

  function stop(): void {
    if (!running) return;
    void running.worker.terminate();
    running.port.close();
    running = null;
  }

  return {
    evaluate(expression, input) {
      running ??= start();
      const { port, counters } = running;
      const answered = Atomics.load(counters, ANSWERS);
      port.postMessage({ expression, input });
      Atomics.add(counters, REQUESTS, 1);
      Atomics.notify(counters, REQUESTS);
      const waited = Atomics.wait(counters, ANSWERS, answered, timeLimitMs);
      const reply = waited === "timed-out" ? undefined : receiveMessageOnPort(port);
      if (!reply) {
        stop();
        throw new ExpressionError(
          expression,
          `the evaluation went over its budget (${timeLimitMs} ms, ${maxMemoryMb} MB)`,
        );
      }
      const answer = reply.message as { json?: string; error?: string };
      if (answer.error !== undefined) throw new ExpressionError(expression, answer.error);
      return JSON.parse(answer.json ?? "null") as unknown;
    },
    async close() {
      stop();
    },
  };
}

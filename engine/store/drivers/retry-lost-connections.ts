/**
 * A postgres.js client whose work is run again when it failed only because
 * its connection was lost (an administrator's `pg_terminate_backend`, a
 * server restart, a pooled connection that died while idle):
 *
 * - a transaction that lost its connection before COMMIT was sent: PostgreSQL
 *   rolled it back, so it left nothing behind. A loss once COMMIT is on its way
 *   is ambiguous: the transaction's id, read as its last statement, tells
 *   (`pg_xact_status`) whether it committed (then its value is returned),
 *   aborted (then it runs again), or cannot be known within 10 s, the server
 *   being still down (then the error is thrown).
 * - a plain `select` outside a transaction: reading twice changes nothing.
 *
 * Other statements outside a transaction are not repeated. After the last
 * attempt the error is thrown (the API answers 503).
 *
 * @example
 * ```ts
 * const client = postgres(url);
 * const db = drizzle({ client: retryLostConnections(client), schema });
 * ```
 */
import type { PendingQuery, Row, Sql } from "postgres";

/** Attempts per transaction or read, the first one included. */
const ATTEMPTS = 3;

/** How long a transaction cut off during COMMIT waits to learn whether it committed. */
const OUTCOME_WAIT_MS = 10_000;

/** SQLSTATEs and postgres.js / Node codes that mean the session is gone, not the statement wrong. */
const connectionLossCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown: pg_terminate_backend, or the server stopping
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting or stopping
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** Whether `error` (or an error it wraps, as drizzle's query errors do) is a lost connection. */
export function isConnectionLoss(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && connectionLossCodes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Where a transaction's body hands over the id its own write read (see `reportTransactionId`). */
const TRANSACTION_ID = Symbol("zhiben.transactionId");

/**
 * Tells the retrying `begin` the transaction's id, read by the body's own write
 * (`pg_current_xact_id()`), so that no statement of its own reads it before COMMIT.
 * `scoped` is the `sql` the body was given (or a savepoint's); other clients ignore it.
 */
export function reportTransactionId(scoped: Sql, xid: string): void {
  const sink = (scoped as unknown as Record<symbol, unknown>)[TRANSACTION_ID];
  if (typeof sink === "function") (sink as (xid: string) => void)(xid);
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 25 * attempt));

type Body = (scoped: Sql) => unknown;
type Unsafe = (query: string, params?: unknown[], options?: object) => PendingQuery<Row[]>;

export function retryLostConnections<T extends Sql>(client: T): T {
  const begin = client.begin.bind(client) as unknown as (...args: unknown[]) => Promise<unknown>;
  const unsafe = client.unsafe.bind(client) as unknown as Unsafe;

  async function retryingBegin(...args: unknown[]): Promise<unknown> {
    const body = args.pop() as Body;
    for (let attempt = 1; ; attempt++) {
      let xid: string | null = null;
      let reported = false;
      let value: unknown;
      let committing = false;
      let abandoned = false;
      const scope = {
        givenUp: () => abandoned,
        report: (id: string) => {
          xid = id;
          reported = true;
        },
      };
      try {
        return await begin(...args, async (scoped: Sql) => {
          value = await body(refuseWhen(scoped, scope));
          // Null when the transaction wrote nothing: then its COMMIT changes nothing either.
          if (!reported)
            [{ xid }] = (await scoped`select pg_current_xact_id_if_assigned()::text as xid`) as [
              { xid: string | null },
            ];
          committing = true;
          return value;
        });
      } catch (error) {
        abandoned = true;
        if (!isConnectionLoss(error)) throw error;
        if (committing) {
          const status = xid === null ? "aborted" : await commitStatus(xid);
          if (status === "committed") return value;
          if (status !== "aborted") throw error;
        }
        if (attempt >= ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }

  /**
   * `committed`, `aborted`, or null when PostgreSQL still cannot be asked after
   * OUTCOME_WAIT_MS (a server that is restarting answers once it is up again:
   * a transaction cut off during its COMMIT is then committed or aborted).
   */
  async function commitStatus(xid: string): Promise<string | null> {
    const deadline = Date.now() + OUTCOME_WAIT_MS;
    for (let check = 1; ; check++) {
      try {
        const [row] = (await unsafe("select pg_xact_status($1::xid8) as status", [
          xid,
        ])) as unknown as {
          status: string | null;
        }[];
        // "in progress": the dying session has not finished its commit or rollback yet.
        if (row?.status !== "in progress") return row?.status ?? null;
      } catch (error) {
        if (!isConnectionLoss(error)) return null;
      }
      if (Date.now() >= deadline) return null;
      await pause(Math.min(check, 20));
    }
  }

  /** Drizzle awaits `unsafe(…)` or `unsafe(…).values()`; a read gets both, retried. */
  function retryingUnsafe(query: string, params?: unknown[], options?: object) {
    if (!/^\s*select\b/i.test(query)) return unsafe(query, params, options);
    let asValues = false;
    const run = async () => {
      for (let attempt = 1; ; attempt++) {
        const pending = unsafe(query, params, options);
        try {
          return await (asValues ? pending.values() : pending);
        } catch (error) {
          if (attempt >= ATTEMPTS || !isConnectionLoss(error)) throw error;
          await pause(attempt);
        }
      }
    };
    const read = {
      values() {
        asValues = true;
        return read;
      },
      then<A, B>(resolve?: (rows: unknown) => A, reject?: (error: unknown) => B) {
        return run().then(resolve, reject);
      },
    };
    return read;
  }

  return new Proxy(client, {
    get: (target, key) =>
      key === "begin"
        ? retryingBegin
        : key === "unsafe"
          ? retryingUnsafe
          : (Reflect.get(target, key) as unknown),
  });
}

/**
 * The transaction's `sql`, refusing new statements once `givenUp` says so: a
 * body still running after its connection died must never write outside its
 * transaction on a reconnected session.
 */
function refuseWhen(
  scoped: Sql,
  scope: { givenUp: () => boolean; report: (xid: string) => void },
): Sql {
  const { givenUp } = scope;
  return new Proxy(scoped, {
    apply(target, self, args) {
      if (givenUp()) throw abandonedError();
      return Reflect.apply(target, self, args) as unknown;
    },
    get(target, key) {
      if (key === TRANSACTION_ID) return scope.report;
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== "function" || (key !== "unsafe" && key !== "savepoint")) return value;
      const call = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (givenUp()) throw abandonedError();
        if (key === "unsafe") return call(...args);
        // A savepoint's statements run on a scoped `sql` of their own: refuse those too.
        const inner = args.pop() as Body;
        return call(...args, (nested: Sql) => inner(refuseWhen(nested, scope)));
      };
    },
  });
}

function abandonedError(): Error {
  return Object.assign(new Error("the transaction's connection was lost; it is not continued"), {
    code: "CONNECTION_CLOSED",
  });
}

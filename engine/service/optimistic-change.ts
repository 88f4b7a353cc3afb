/**
 * A change tried without a lock, on PostgreSQL: one read without `for update`, the pure
 * step, and one write that finds the instance (revision, participants) and the task it
 * completes (status, assignee) as they were read, or fails as a whole
 * (`ChangeGuard`, write-change.ts): two statements, no BEGIN and no COMMIT, where the
 * locked change sends four. PostgreSQL's row locks still order the writes: a guarded
 * write that meets a concurrent one waits for it, then finds the row moved.
 *
 * Whatever else the change would need stops the attempt before its write: a statement
 * of its own (a file attached, a reference filled, a child started, the definition read
 * once) reaches `unit.tx` or asks for a second statement, and either throws `NeedsLock`.
 * Any failure ends the attempt, and the caller runs the change as before, under a lock;
 * that run gives the answer, so the attempt never refuses anything itself. When the
 * write was sent and its answer lost (`landed`), it may have committed: the locked run
 * is told the attempt's instant, which the write put on the rows, to recognise it. A
 * lost write that reaches the server only after the locked run cannot commit: it needs
 * the rows as they were before that run.
 *
 * @example
 * ```ts
 * const attempt = await withoutLock(ctx, (unit) => change(unit));
 * if (attempt?.done) return attempt.value;
 * return inTransaction(ctx, (unit) => lockedChange(unit, attempt?.landed));
 * ```
 */
import { EngineError } from "../errors.js";
import type { Db } from "../store/database.js";
import { isConnectionLoss } from "../store/drivers/retry-lost-connections.js";
import { ChangeLog } from "./change-log.js";
import type { EngineContext, UnitOfWork } from "./context.js";

/** A statement the attempt cannot send outside a transaction: the change needs the lock. */
export class NeedsLock extends Error {
  constructor() {
    super("the change needs a transaction");
  }
}

/** A `tx` that refuses every use (any property read throws `NeedsLock`). */
const noTransaction = new Proxy(
  {},
  {
    get() {
      throw new NeedsLock();
    },
  },
) as Db;

/** The attempt's write went out and its connection was lost: it may have committed at `at`. */
export interface Landed {
  at: Date;
}

export type Attempt<T> = { done: true; value: T } | { done: false; landed: Landed | null };

/**
 * Runs `change` without a transaction (PostgreSQL only; null on PGlite, whose one
 * connection gains nothing). The unit's clock is read once: every row the write
 * puts down carries the same instant, `landed.at`.
 */
export async function withoutLock<T>(
  ctx: EngineContext,
  change: (unit: UnitOfWork) => Promise<T>,
): Promise<Attempt<T> | null> {
  if (ctx.database.kind !== "postgres") return null;
  const at = ctx.clock.now();
  const statements = ctx.database.statements(ctx.db);
  let reads = 0;
  let sent = false;
  const unit: UnitOfWork = {
    tx: noTransaction,
    // The change's one read and its one write (guarded by writeChange, which refuses a
    // start here): any other statement (a child's start reads its definition's version and
    // takes a business-key number) needs the lock.
    statements: {
      run(text, params) {
        if (reads++ > 0) throw new NeedsLock();
        return statements.run(text, params);
      },
      write(text, params) {
        sent = true;
        return statements.write(text, params);
      },
      wrote() {},
    },
    clock: { now: () => at },
    log: new ChangeLog(),
    changeTexts: ctx.changeTexts,
    guard: { task: null },
  };
  try {
    const value = await change(unit);
    // The write sent what the log held; anything added since goes out on its own.
    await unit.log.flush(ctx.db);
    return { done: true, value };
  } catch (error) {
    const lost = isConnectionLoss(error);
    if (!lost && !expected(error))
      ctx.logger.warn(
        { code: (error as { code?: unknown } | null)?.code, name: (error as Error | null)?.name },
        "a change tried without a lock failed unexpectedly; it runs again under the lock",
      );
    // Only a lost connection leaves the write's fate open; a statement that failed wrote nothing.
    return { done: false, landed: sent && lost ? { at } : null };
  }
}

/**
 * How an attempt ends when nothing is wrong: it needed the lock, its rows moved (the
 * guard's call, or a history row of the same revision written first), or the engine
 * refused the change (the locked run refuses it again, or does it on fresher rows).
 */
function expected(error: unknown): boolean {
  if (error instanceof NeedsLock || error instanceof EngineError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === CONFLICT_SQLSTATE || code === UNIQUE_VIOLATION;
}

const CONFLICT_SQLSTATE = "ZB409";
const UNIQUE_VIOLATION = "23505";

/**
 * Keys that make a request apply once, for applications above the engine (the HTTP
 * API's `Idempotency-Key`): the first caller claims `(scope, key)` while its request
 * runs, then keeps its answer; a second caller reads the claim or the answer. Kept in
 * `idempotency_keys` beside the engine's own keys (scope `instance:<id>`), and removed
 * by retention with them.
 *
 * @example
 * ```ts
 * if (await engine.idempotencyKeys.claim(scope, key, { requestHash }, { abandonAfterSeconds: 120 })) {
 *   … await engine.idempotencyKeys.finish(scope, key, { requestHash, status: 201, body });
 * }
 * ```
 */
import { and, eq, lt, sql } from "drizzle-orm";
import { idempotencyKeys } from "../store/schema.js";
import type { EngineContext } from "./context.js";

/** What a key holds: a claim while its request runs, then the request's answer. */
export type KeptRequest = Record<string, unknown> & { state: "pending" | "done" };

export interface IdempotencyKeys {
  /**
   * Claims the key for a request now starting (`claim` is kept with `state: "pending"`).
   * True when claimed: the key was free, or its claim is older than `abandonAfterSeconds`
   * and never finished.
   */
  claim(
    scope: string,
    key: string,
    claim: Record<string, unknown>,
    options: { abandonAfterSeconds: number },
  ): Promise<boolean>;
  /** The claim or the finished answer; null when the key is free. */
  read(scope: string, key: string): Promise<KeptRequest | null>;
  /** Keeps the request's answer (`state: "done"`) for those that come with the same key. */
  finish(scope: string, key: string, answer: Record<string, unknown>): Promise<void>;
  /** Frees a claim whose request failed, so that the key may be used again. */
  release(scope: string, key: string): Promise<void>;
}

export function createIdempotencyKeys({ db }: Pick<EngineContext, "db">): IdempotencyKeys {
  const ofKey = (scope: string, key: string) =>
    and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  const pending = sql`${idempotencyKeys.result}->>'state' = 'pending'`;
  return {
    async claim(scope, key, claim, { abandonAfterSeconds }) {
      const result = { ...claim, state: "pending" };
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ scope, key, result })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return true;
      const taken = await db
        .update(idempotencyKeys)
        .set({ result, createdAt: sql`now()` })
        .where(
          and(
            ofKey(scope, key),
            pending,
            lt(
              idempotencyKeys.createdAt,
              sql`now() - make_interval(secs => ${abandonAfterSeconds})`,
            ),
          ),
        )
        .returning({ key: idempotencyKeys.key });
      return taken.length > 0;
    },
    async read(scope, key) {
      const [row] = await db
        .select({ result: idempotencyKeys.result })
        .from(idempotencyKeys)
        .where(ofKey(scope, key));
      return row ? (row.result as KeptRequest) : null;
    },
    async finish(scope, key, answer) {
      await db
        .update(idempotencyKeys)
        .set({ result: { ...answer, state: "done" } })
        .where(ofKey(scope, key));
    },
    async release(scope, key) {
      await db.delete(idempotencyKeys).where(and(ofKey(scope, key), pending));
    },
  };
}

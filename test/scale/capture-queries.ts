/**
 * Records the SQL the engine sends, with its parameters, so a test can run
 * EXPLAIN on exactly the engine's own queries. It hooks drizzle's query logger
 * on the engine's database (`engine.database.engineDb`, through which the engine
 * sends its own statements, and on the transactions it opens).
 */
import type { Database, Db, Statements } from "../../engine/store/database.js";

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

interface LoggedSession {
  logger?: { logQuery(query: string, params: unknown[]): void };
  options?: { logger?: { logQuery(query: string, params: unknown[]): void } };
}

/** Starts recording; returns the list that fills up and a function that stops recording. */
export function captureQueries(db: Db): { queries: CapturedQuery[]; stop(): void } {
  const session = (db as unknown as { session?: LoggedSession }).session;
  if (!session?.options)
    throw new Error("cannot hook the drizzle session: has drizzle-orm changed its internals?");
  const queries: CapturedQuery[] = [];
  const logger = {
    logQuery: (sql: string, params: unknown[]) => void queries.push({ sql, params }),
  };
  const before = { logger: session.logger, optionsLogger: session.options.logger };
  session.logger = logger;
  session.options.logger = logger;
  return {
    queries,
    stop() {
      session.logger = before.logger;
      session.options!.logger = before.optionsLogger;
    },
  };
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return literal(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((v) => `"${String(v).replace(/["\\]/g, "\\$&")}"`);
    return literal(`{${items.join(",")}}`);
  }
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The query with its parameters written in as literals, ready for EXPLAIN. */
export function inlineParams(query: CapturedQuery): string {
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
}

/**
 * Statements (the engine's prepared hot path) that first EXPLAIN, with the same
 * parameters on the same transaction, each statement whose text matches `explain`,
 * and push its plan to `plans`.
 */
export function explainingStatements(
  statements: Statements,
  explain: RegExp,
  plans: string[],
): Statements {
  const explained = async (text: string, params: unknown[]) => {
    if (!explain.test(text)) return;
    const plan = await statements.run<Record<string, string>>(`explain ${text}`, params);
    plans.push(plan.map((row) => row["QUERY PLAN"]).join("\n"));
  };
  return {
    async run<R>(text: string, params: unknown[]) {
      await explained(text, params);
      return statements.run<R>(text, params);
    },
    async write(text, params) {
      await explained(text, params);
      return statements.write(text, params);
    },
    wrote: (xid) => statements.wrote(xid),
  };
}

/** Runs `work` in a transaction of `database` that is rolled back: what it claims or writes is not kept. */
export async function inRolledBackTransaction(
  database: Database,
  work: (tx: Db) => Promise<void>,
): Promise<void> {
  const rollback = new Error("rolled back");
  await database.db
    .transaction(async (tx) => {
      await work(tx as unknown as Db);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
}

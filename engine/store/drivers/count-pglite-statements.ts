/**
 * A PGlite client that reports each statement it runs to `onStatement`,
 * including the BEGIN and COMMIT (or ROLLBACK) that `transaction()` runs
 * internally: the same count the postgres driver's `debug` hook gives.
 *
 * @example
 * ```ts
 * const client = countPgliteStatements(new PGlite(), (text) => statements.push(text));
 * const db = drizzle({ client, schema });
 * ```
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";

type Report = (statement: string) => void;

/** `query`, `sql` and `exec` of a client or a transaction, reporting before they run. */
function countQueries<T extends object>(target: T, report: Report): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key) as unknown;
      if (typeof value !== "function") return value;
      if (key === "query" || key === "exec")
        return (text: string, ...rest: unknown[]) => {
          report(text);
          return (value as (...args: unknown[]) => unknown).call(object, text, ...rest);
        };
      if (key === "sql")
        return (strings: TemplateStringsArray, ...params: unknown[]) => {
          report(strings.join("?"));
          return (value as (...args: unknown[]) => unknown).call(object, strings, ...params);
        };
      return (value as (...args: unknown[]) => unknown).bind(object);
    },
  });
}

export function countPgliteStatements(client: PGlite, report: Report): PGlite {
  const counted = countQueries(client, report);
  return new Proxy(counted, {
    get(object, key) {
      if (key !== "transaction") return Reflect.get(object, key) as unknown;
      return async <T>(body: (tx: Transaction) => Promise<T>): Promise<T> => {
        report("BEGIN");
        let ended = false;
        try {
          const value = await client.transaction((tx) => body(countQueries(tx, report)));
          ended = true;
          report("COMMIT");
          return value;
        } catch (error) {
          if (!ended) report("ROLLBACK");
          throw error;
        }
      };
    },
  });
}

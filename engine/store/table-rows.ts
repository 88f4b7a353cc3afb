/**
 * A table's columns for hand-written statements, and their rows read back as drizzle
 * reads them: each column selected under its property name (`"processKey"`), each
 * value passed through the column's own `mapFromDriverValue` (dates, json, arrays).
 * The hot path's statements bypass drizzle's query builder, not its row shapes.
 *
 * @example
 * ```ts
 * const text = `select ${selectList(instances, "i")} from instances i where i.id = $1`;
 * const readInstance = rowReader(instances);
 * const row = readInstance((await statements.run(text, [id]))[0]!);
 * ```
 */
import { getTableColumns, type InferSelectModel } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/** `alias.column as "prefixProperty", …` for every column of the table. */
export function selectList(table: PgTable, alias: string, prefix = ""): string {
  return Object.entries(getTableColumns(table))
    .map(([key, column]) => `${alias}.${column.name} as "${prefix}${key}"`)
    .join(", ");
}

/**
 * A reader of the table's rows from the selected values (those named
 * `prefixProperty`): the columns and their selected names are looked up once,
 * when the reader is made (a claim of 200 due jobs read 200 × 31 names built
 * anew, each a string to hash before the property could be found).
 */
export function rowReader<T extends PgTable>(
  table: T,
  prefix = "",
): (raw: Record<string, unknown>) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table)).map(
    ([key, column]) => [key, prefix + key, column] as const,
  );
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, name, column] of columns) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}

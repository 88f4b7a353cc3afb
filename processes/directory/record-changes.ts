/**
 * The history of the directory: one row per change, with the fields that changed as
 * `[before, after]`, written in the change's own transaction.
 *
 * @example
 * ```ts
 * const changes = changedFields(before, after, ["name", "industry"]);
 * await recordChange(tx, { kind: "enterprise", recordId: id, action: "update", actor, changes });
 * ```
 */
import { isDeepStrictEqual } from "node:util";
import type { Db } from "../../engine/store/database.js";
import { directoryChanges } from "./directory-schema.js";

export type ChangedFields = Record<string, [unknown, unknown]>;

export function changedFields<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  fields: readonly (keyof T & string)[],
): ChangedFields {
  const changes: ChangedFields = {};
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (!isDeepStrictEqual(from, to)) changes[field] = [from, to];
  }
  return changes;
}

export async function recordChange(
  tx: Db,
  change: {
    kind: "village" | "enterprise" | "member";
    recordId: string;
    action: "create" | "update" | "import" | "link" | "unlink";
    actor: string;
    at: Date;
    changes: ChangedFields;
  },
): Promise<void> {
  await tx.insert(directoryChanges).values(change);
}

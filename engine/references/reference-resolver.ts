/**
 * What an application gives the engine so that forms can reference its records
 * (`createEngine({ references: { enterprise: resolver } })`): how to read records by id,
 * inside the change's transaction, and which variables each record fills.
 *
 * @example
 * ```ts
 * const enterprise: ReferenceResolver = {
 *   label: "企业",
 *   lookup: async (ids, db) => new Map((await readEnterprises(db, ids)).map((e) => [e.id, e])),
 *   fill: { enterpriseName: "name", village: "village", industry: "industry" },
 *   display: "name",
 * };
 * ```
 */
import type { Db } from "../store/database.js";

export type ReferencedRecord = Record<string, unknown>;

export interface ReferenceResolver {
  /** What a record is called in messages (`企业`). */
  label: string;
  /** The records that exist among `ids`, by id. `db` is the transaction of the change, or the database. */
  lookup(ids: string[], db: Db): Promise<Map<string, ReferencedRecord>>;
  /**
   * Variable name → the record's field copied into it when a start or a form carries the
   * reference and its schema declares that variable. Filled values replace given ones, so a
   * case cannot disagree with its record.
   */
  fill?: Record<string, string>;
  /** The record's field that names it to people (default `name`). */
  display?: string;
  /** A short description beside the name in lists (an enterprise's village and industry). */
  detail?(record: ReferencedRecord): string;
}

/** Resolvers by the name a schema's `x-ref` gives. */
export type References = Record<string, ReferenceResolver>;

/**
 * Definitions: immutable published versions, one draft per key, validation.
 */
import { syncSchedules } from "../scheduler/sync-schedules.js";
import { createHash } from "node:crypto";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { compileDefinition, type CompiledDefinition } from "../definition/compile.js";
import type { Definition } from "../definition/schema.js";
import { validateDefinition } from "../definition/validate.js";
import type { Definitions, DefinitionSummary, ValidationResult } from "../engine.js";
import { InvalidDefinitionError, NotFoundError } from "../errors.js";
import type { Db } from "../store/database.js";
import { definitions } from "../store/schema.js";
import type { DraftDefinition, PublishedDefinition } from "../types.js";
import type { EngineContext } from "./context.js";

/** JSON with object keys sorted, so that equal content gives equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

type DefinitionRow = typeof definitions.$inferSelect;

function toPublished(row: DefinitionRow): PublishedDefinition {
  return {
    key: row.key,
    version: row.version!,
    definition: row.spec as Definition,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

function toDraft(row: DefinitionRow): DraftDefinition {
  return {
    key: row.key,
    definition: row.spec,
    layout: row.layout,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
  };
}

/** Compiled machines by key@version; `db` is the caller's transaction (PGlite has one connection). */
export function createCompiledCache(): (
  key: string,
  version: number,
  db: Db,
) => Promise<CompiledDefinition> {
  const cache = new Map<string, Promise<CompiledDefinition>>();
  return (key, version, db) => {
    const id = `${key}@${version}`;
    let entry = cache.get(id);
    if (!entry) {
      entry = (async () => {
        const [row] = await db
          .select()
          .from(definitions)
          .where(
            and(
              eq(definitions.key, key),
              eq(definitions.version, version),
              eq(definitions.status, "published"),
            ),
          );
        if (!row) throw new NotFoundError("definition", id);
        return compileDefinition(row.spec as Definition);
      })();
      entry.catch(() => cache.delete(id));
      cache.set(id, entry);
    }
    return entry;
  };
}

export function createDefinitions(ctx: EngineContext): Definitions {
  const { db } = ctx;

  async function publishedKeys(tx: Db = db): Promise<Set<string>> {
    const rows = await tx
      .selectDistinct({ key: definitions.key })
      .from(definitions)
      .where(eq(definitions.status, "published"));
    return new Set(rows.map((r) => r.key));
  }

  async function check(
    json: unknown,
    tx: Db = db,
  ): Promise<ValidationResult & { definition?: Definition }> {
    const keys = await publishedKeys(tx);
    const roles = ctx.notifications.resolvers;
    // An engine given no roles at all (a test, an embedder without a directory) cannot tell.
    const checkRoles = Object.keys(roles).length > 0;
    return validateDefinition(json, {
      isPublished: (key) => keys.has(key),
      ...(checkRoles ? { isRole: (name: string) => Object.hasOwn(roles, name) } : {}),
    });
  }

  async function latest(tx: Db, key: string): Promise<DefinitionRow | undefined> {
    const [row] = await tx
      .select()
      .from(definitions)
      .where(and(eq(definitions.key, key), eq(definitions.status, "published")))
      .orderBy(desc(definitions.version))
      .limit(1);
    return row;
  }

  async function publishIn(tx: Db, json: unknown, createdBy: string | null) {
    const result = await check(json, tx);
    if (!result.valid || !result.definition) throw new InvalidDefinitionError(result.problems);
    const definition = result.definition;
    // One publisher per key at a time, across processes.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`zhiben.definition.${definition.key}`}))`,
    );
    const specHash = hashOf(definition);
    const previous = await latest(tx, definition.key);
    if (previous && previous.specHash === specHash) {
      return { key: definition.key, version: previous.version!, created: false };
    }
    const version = (previous?.version ?? 0) + 1;
    const now = ctx.clock.now();
    await tx.insert(definitions).values({
      key: definition.key,
      version,
      status: "published",
      // The author's JSON as given (valid, so equal to `definition` but for key order).
      spec: JSON.parse(JSON.stringify(json)) as unknown,
      specHash,
      createdBy,
      createdAt: now,
      updatedAt: now,
    });
    const before = (previous?.spec as Definition | undefined)?.schedules ?? [];
    const declared = definition.schedules ?? [];
    if (before.length > 0 || declared.length > 0)
      await syncSchedules(tx, ctx, {
        key: definition.key,
        version,
        schedules: declared,
        previous: before,
      });
    return { key: definition.key, version, created: true };
  }

  return {
    publish(json, options = {}) {
      return db.transaction((tx) =>
        publishIn(tx as unknown as Db, json, options.actor?.id ?? null),
      );
    },

    async validate(json) {
      const { valid, problems } = await check(json);
      return { valid, problems };
    },

    async get(key, version) {
      const row =
        version === undefined
          ? await latest(db, key)
          : (
              await db
                .select()
                .from(definitions)
                .where(
                  and(
                    eq(definitions.key, key),
                    eq(definitions.version, version),
                    eq(definitions.status, "published"),
                  ),
                )
            )[0];
      if (!row)
        throw new NotFoundError("definition", version === undefined ? key : `${key}@${version}`);
      return toPublished(row);
    },

    async list() {
      const rows = await db
        .select()
        .from(definitions)
        .orderBy(definitions.key, desc(definitions.version));
      const summaries = new Map<string, DefinitionSummary>();
      for (const row of rows) {
        const summary = summaries.get(row.key) ?? {
          key: row.key,
          name: "",
          latestVersion: null,
          hasDraft: false,
          updatedAt: row.updatedAt,
        };
        const name = (row.spec as { name?: unknown }).name;
        const label = typeof name === "string" ? name : "";
        if (row.status === "draft") {
          summary.hasDraft = true;
          if (!summary.name) summary.name = label;
        } else if (summary.latestVersion === null || row.version! > summary.latestVersion) {
          // the latest published version names the process; a draft only until one exists
          summary.latestVersion = row.version;
          summary.name = label || summary.name;
        }
        if (row.updatedAt > summary.updatedAt) summary.updatedAt = row.updatedAt;
        summaries.set(row.key, summary);
      }
      return [...summaries.values()];
    },

    async versions(key) {
      const rows = await db
        .select({
          version: definitions.version,
          createdAt: definitions.createdAt,
          createdBy: definitions.createdBy,
        })
        .from(definitions)
        .where(
          and(
            eq(definitions.key, key),
            eq(definitions.status, "published"),
            isNotNull(definitions.version),
          ),
        )
        .orderBy(desc(definitions.version));
      return rows.map((r) => ({
        version: r.version!,
        createdAt: r.createdAt,
        createdBy: r.createdBy,
      }));
    },

    async getDraft(key) {
      const [row] = await db
        .select()
        .from(definitions)
        .where(and(eq(definitions.key, key), eq(definitions.status, "draft")));
      return row ? toDraft(row) : null;
    },

    async saveDraft(key, json, options = {}) {
      const now = ctx.clock.now();
      const values = {
        key,
        version: null,
        status: "draft" as const,
        spec: json ?? {},
        layout: options.layout ?? null,
        specHash: hashOf(json ?? {}),
        createdBy: options.actor?.id ?? null,
        createdAt: now,
        updatedAt: now,
      };
      const [row] = await db
        .insert(definitions)
        .values(values)
        .onConflictDoUpdate({
          target: definitions.key,
          targetWhere: sql`${definitions.status} = 'draft'`,
          set: {
            spec: values.spec,
            layout: values.layout,
            specHash: values.specHash,
            updatedAt: now,
            createdBy: values.createdBy,
          },
        })
        .returning();
      const { problems } = await check(json);
      const keyProblem =
        json && typeof json === "object" && "key" in json && (json as { key: unknown }).key !== key
          ? [
              {
                path: "key",
                message: `the draft is saved under ${key}; publishing uses the key in the definition`,
              },
            ]
          : [];
      return { draft: toDraft(row!), problems: [...keyProblem, ...problems] };
    },

    async publishDraft(key, options = {}) {
      return db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const [draft] = await tx
          .select()
          .from(definitions)
          .where(and(eq(definitions.key, key), eq(definitions.status, "draft")))
          .for("update");
        if (!draft) throw new NotFoundError("draft", key);
        const spec = draft.spec as { key?: unknown };
        if (spec.key !== key) {
          throw new InvalidDefinitionError([
            { path: "key", message: `must be ${key}, the key the draft is saved under` },
          ]);
        }
        const published = await publishIn(tx, draft.spec, options.actor?.id ?? null);
        await tx.delete(definitions).where(eq(definitions.id, draft.id));
        return published;
      });
    },

    async deleteDraft(key) {
      await db
        .delete(definitions)
        .where(and(eq(definitions.key, key), eq(definitions.status, "draft")));
    },
  };
}

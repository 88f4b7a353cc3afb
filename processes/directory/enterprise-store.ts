/**
 * Enterprises (一企一档): list with search and filters within the reader's scope, read,
 * create, change and their history; each change with its history row in one transaction.
 * A rename changes the name and its initials only: ids, groups and cases stay.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Clock } from "../../engine/clock.js";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type Problem,
} from "../../engine/errors.js";
import type { Db } from "../../engine/store/database.js";
import type { Actor } from "../../engine/types.js";
import { creditCodeProblem } from "./credit-code.js";
import { directoryChanges, enterprises, villages } from "./directory-schema.js";
import type {
  DirectoryChange,
  Enterprise,
  EnterpriseChanges,
  EnterpriseStatus,
  NewEnterprise,
} from "./directory-schemas.js";
import {
  directoryScope,
  enterpriseGroup,
  inScope,
  type DirectoryScope,
} from "./directory-scope.js";
import type { Industry } from "./industries.js";
import { afterCursor, containing, encodePageCursor } from "./page-cursor.js";
import { pinyinInitials } from "./pinyin-initials.js";
import { changedFields, recordChange } from "./record-changes.js";

export interface EnterpriseFilter {
  /** Part of the name, of the credit code, or of the name's pinyin initials. */
  q?: string;
  village?: string;
  industry?: string;
  highRisk?: boolean;
  status?: EnterpriseStatus;
  cursor?: string;
  limit?: number;
}

export interface EnterpriseStore {
  list(
    filter: EnterpriseFilter,
    actor: Actor,
  ): Promise<{ items: Enterprise[]; nextCursor: string | null }>;
  /** Throws `NotFoundError`, also when the actor may not read it. */
  get(id: string, actor: Actor): Promise<Enterprise>;
  /** Throws `ValidationError` (industry, village) or `ConflictError` (id or credit code taken). */
  create(enterprise: NewEnterprise, actor: string): Promise<Enterprise>;
  update(id: string, changes: EnterpriseChanges, actor: string): Promise<Enterprise>;
  history(id: string, actor: Actor): Promise<DirectoryChange[]>;
  /** Records by id with their village's name, whoever asks: for the engine's `x-ref` fill. */
  lookup(ids: string[], db?: Db): Promise<Map<string, Enterprise>>;
}

export interface EnterpriseStoreOptions {
  db: Db;
  clock: Clock;
  industries: readonly Industry[];
  /** Groups that read every enterprise. */
  readAllGroups: readonly string[];
}

/** Fields a change may touch, in the order the history lists them. */
export const ENTERPRISE_FIELDS = [
  "creditCode",
  "name",
  "industry",
  "village",
  "address",
  "scale",
  "highRisk",
  "principal",
  "controller",
  "safetyManager",
  "status",
] as const;

type Row = { enterprise: typeof enterprises.$inferSelect; villageName: string };

function toEnterprise({ enterprise: e, villageName }: Row): Enterprise {
  return {
    id: e.id,
    creditCode: e.creditCode,
    name: e.name,
    initials: e.initials,
    industry: e.industry,
    village: e.village,
    villageName,
    address: e.address,
    scale: e.scale,
    highRisk: e.highRisk,
    principal: e.principal ?? null,
    controller: e.controller ?? null,
    safetyManager: e.safetyManager ?? null,
    status: e.status,
    group: enterpriseGroup(e.id),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function scopeCondition(scope: DirectoryScope): SQL | undefined {
  if (scope.all) return undefined;
  const parts = [
    scope.enterpriseIds.length > 0 ? inArray(enterprises.id, scope.enterpriseIds) : undefined,
    scope.villageCodes.length > 0 ? inArray(enterprises.village, scope.villageCodes) : undefined,
  ].filter((p) => p !== undefined);
  return parts.length === 0 ? sql`false` : or(...parts);
}

const newEnterpriseId = () => `qy${randomBytes(5).toString("hex")}`;

export function createEnterpriseStore(options: EnterpriseStoreOptions): EnterpriseStore {
  const { db, clock, industries, readAllGroups } = options;
  const select = (tx: Db) =>
    tx
      .select({ enterprise: enterprises, villageName: villages.name })
      .from(enterprises)
      .innerJoin(villages, eq(villages.code, enterprises.village));

  const read = async (id: string, tx: Db = db) => {
    const [row] = await select(tx).where(eq(enterprises.id, id));
    return row ? toEnterprise(row) : null;
  };

  /** Industry in the list, village on file: the problems a body's shape cannot show. */
  async function referenceProblems(
    tx: Db,
    values: {
      creditCode?: string | undefined;
      industry?: string | undefined;
      village?: string | undefined;
    },
  ): Promise<Problem[]> {
    const problems: Problem[] = [];
    // The API's schema checks it already; callers of the service (seed, import) get the same check.
    const codeProblem =
      values.creditCode === undefined ? null : creditCodeProblem(values.creditCode);
    if (codeProblem)
      problems.push({ path: "creditCode", message: `统一社会信用代码${codeProblem}` });
    if (values.industry !== undefined && !industries.some((i) => i.name === values.industry))
      problems.push({
        path: "industry",
        message: `行业须为：${industries.map((i) => i.name).join("、")}`,
      });
    if (values.village !== undefined) {
      const [found] = await tx
        .select({ code: villages.code })
        .from(villages)
        .where(eq(villages.code, values.village));
      if (!found) problems.push({ path: "village", message: "村(社区)不存在，请先登记该村(社区)" });
    }
    return problems;
  }

  async function assertCreditCodeFree(tx: Db, creditCode: string, exceptId?: string) {
    const [taken] = await tx
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(eq(enterprises.creditCode, creditCode));
    if (taken && taken.id !== exceptId)
      throw new ConflictError(`统一社会信用代码已登记（企业 ${taken.id}）`);
  }

  const inTransaction = <T>(run: (tx: Db) => Promise<T>) =>
    db.transaction((raw) => run(raw as unknown as Db));

  return {
    async list(filter, actor) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const q = filter.q?.trim();
      const rows = await select(db)
        .where(
          and(
            scopeCondition(directoryScope(actor, readAllGroups)),
            q
              ? or(
                  ilike(enterprises.name, containing(q)),
                  ilike(enterprises.creditCode, containing(q)),
                  ilike(enterprises.initials, containing(q)),
                )
              : undefined,
            filter.village ? eq(enterprises.village, filter.village) : undefined,
            filter.industry ? eq(enterprises.industry, filter.industry) : undefined,
            filter.highRisk === undefined ? undefined : eq(enterprises.highRisk, filter.highRisk),
            filter.status ? eq(enterprises.status, filter.status) : undefined,
            afterCursor(filter.cursor, enterprises.initials, enterprises.id),
          ),
        )
        .orderBy(asc(enterprises.initials), asc(enterprises.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toEnterprise),
        nextCursor:
          rows.length > limit && last
            ? encodePageCursor(last.enterprise.initials, last.enterprise.id)
            : null,
      };
    },

    async get(id, actor) {
      const found = await read(id);
      if (!found || !inScope(directoryScope(actor, readAllGroups), found))
        throw new NotFoundError("enterprise", id);
      return found;
    },

    create(input, actor) {
      return inTransaction(async (tx) => {
        const problems = await referenceProblems(tx, input);
        if (problems.length > 0) throw new ValidationError("the enterprise is invalid", problems);
        await assertCreditCodeFree(tx, input.creditCode);
        const now = clock.now();
        const id = input.id ?? newEnterpriseId();
        const values = {
          id,
          creditCode: input.creditCode,
          name: input.name,
          initials: pinyinInitials(input.name),
          industry: input.industry,
          village: input.village,
          address: input.address ?? null,
          scale: input.scale ?? null,
          highRisk:
            input.highRisk ?? industries.find((i) => i.name === input.industry)?.highRisk ?? false,
          principal: input.principal ?? null,
          controller: input.controller ?? null,
          safetyManager: input.safetyManager ?? null,
          status: input.status ?? "operating",
          createdAt: now,
          updatedAt: now,
        };
        const [row] = await tx.insert(enterprises).values(values).onConflictDoNothing().returning();
        if (!row) throw new ConflictError(`企业编号 ${id} 已存在`);
        await recordChange(tx, {
          kind: "enterprise",
          recordId: id,
          action: "create",
          actor,
          at: now,
          changes: changedFields({}, values, ENTERPRISE_FIELDS),
        });
        return (await read(id, tx))!;
      });
    },

    update(id, changes, actor) {
      return inTransaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(enterprises)
          .where(eq(enterprises.id, id))
          .for("update");
        if (!before) throw new NotFoundError("enterprise", id);
        const problems = await referenceProblems(tx, changes);
        if (problems.length > 0) throw new ValidationError("the changes are invalid", problems);
        if (changes.creditCode !== undefined)
          await assertCreditCodeFree(tx, changes.creditCode, id);
        const diff = changedFields(before, { ...before, ...changes }, ENTERPRISE_FIELDS);
        if (Object.keys(diff).length > 0) {
          const now = clock.now();
          const set = Object.fromEntries(
            Object.keys(diff).map((field) => [
              field,
              changes[field as keyof EnterpriseChanges] ?? null,
            ]),
          );
          if (changes.highRisk === undefined) delete set.highRisk;
          if (changes.name !== undefined) set.initials = pinyinInitials(changes.name);
          await tx
            .update(enterprises)
            .set({ ...set, updatedAt: now })
            .where(eq(enterprises.id, id));
          await recordChange(tx, {
            kind: "enterprise",
            recordId: id,
            action: "update",
            actor,
            at: now,
            changes: diff,
          });
        }
        return (await read(id, tx))!;
      });
    },

    async history(id, actor) {
      await this.get(id, actor);
      const rows = await db
        .select()
        .from(directoryChanges)
        .where(and(eq(directoryChanges.kind, "enterprise"), eq(directoryChanges.recordId, id)))
        .orderBy(desc(directoryChanges.id));
      return rows.map((r) => ({
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        changes: r.changes,
      }));
    },

    async lookup(ids, tx = db) {
      if (ids.length === 0) return new Map();
      const rows = await select(tx).where(inArray(enterprises.id, ids));
      return new Map(rows.map((r) => [r.enterprise.id, toEnterprise(r)]));
    },
  };
}

/**
 * Importing the directory from a filled template: every row is checked (credit code,
 * industry in the list, village on file, mobiles, the same code twice in the file) and
 * every problem is reported by row and column; only when all rows are valid are they
 * written, in one transaction. A credit code already on file updates that enterprise
 * instead of adding another.
 *
 * @example
 * ```ts
 * const result = await importEnterprises({ db, clock, industries }, rows, "qianli");
 * // { rows: 50, created: 47, updated: 3 }
 * ```
 */
import { inArray } from "drizzle-orm";
import type { Clock } from "../../engine/clock.js";
import { ValidationError, type Problem } from "../../engine/errors.js";
import type { Db } from "../../engine/store/database.js";
import { enterprises, villages } from "./directory-schema.js";
import {
  NewEnterpriseSchema,
  SCALES,
  STATUS_LABELS,
  type NewEnterprise,
} from "./directory-schemas.js";
import { createEnterpriseStore } from "./enterprise-store.js";
import type { Industry } from "./industries.js";
import { WORKBOOK_COLUMNS, type WorkbookField, type WorkbookRow } from "./enterprise-workbook.js";

export interface ImportResult {
  rows: number;
  created: number;
  updated: number;
}

const headerOf = (field: string) =>
  WORKBOOK_COLUMNS.find((c) => c.field === field)?.header ?? field;

const problemAt = (row: number, field: string, message: string): Problem => ({
  path: `rows.${row}.${field}`,
  message: `第${row}行「${headerOf(field)}」：${message}`,
});

/** The record a row describes, or its problems (the shape; references are checked later). */
function rowRecord(row: WorkbookRow): { record?: NewEnterprise; problems: Problem[] } {
  const v = row.values;
  const problems: Problem[] = [];
  const contact = (who: "principal" | "controller" | "safetyManager") => {
    const name = v[`${who}.name` as WorkbookField];
    const mobile = v[`${who}.mobile` as WorkbookField];
    if (!name && mobile)
      problems.push(problemAt(row.row, `${who}.name`, "填写了手机须同时填写姓名"));
    return name ? { name, ...(mobile ? { mobile } : {}) } : null;
  };
  const highRisk = v.highRisk === undefined ? undefined : { 是: true, 否: false }[v.highRisk];
  if (v.highRisk !== undefined && highRisk === undefined)
    problems.push(problemAt(row.row, "highRisk", "须为“是”或“否”"));
  if (v.scale !== undefined && !(SCALES as readonly string[]).includes(v.scale))
    problems.push(problemAt(row.row, "scale", `须为${SCALES.join("、")}之一`));
  const status = (Object.entries(STATUS_LABELS) as [NewEnterprise["status"], string][]).find(
    ([, label]) => label === v.status,
  )?.[0];
  if (v.status !== undefined && status === undefined)
    problems.push(
      problemAt(row.row, "status", `须为${Object.values(STATUS_LABELS).join("、")}之一`),
    );
  const input = {
    ...(v.id ? { id: v.id } : {}),
    creditCode: v.creditCode ?? "",
    name: v.name ?? "",
    industry: v.industry ?? "",
    village: v.village ?? "",
    address: v.address ?? null,
    scale: (v.scale as (typeof SCALES)[number] | undefined) ?? null,
    ...(highRisk === undefined ? {} : { highRisk }),
    principal: contact("principal"),
    controller: contact("controller"),
    safetyManager: contact("safetyManager"),
    ...(status ? { status } : {}),
  };
  const parsed = NewEnterpriseSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join(".");
      if (problems.some((p) => p.path === `rows.${row.row}.${field}`)) continue;
      const message = issue.code === "too_small" && field !== "" ? "必填" : issue.message;
      problems.push(problemAt(row.row, field, message));
    }
  }
  return parsed.success && problems.length === 0 ? { record: parsed.data, problems } : { problems };
}

export async function importEnterprises(
  options: { db: Db; clock: Clock; industries: readonly Industry[] },
  rows: WorkbookRow[],
  actor: string,
): Promise<ImportResult> {
  const { db, industries } = options;
  if (rows.length === 0)
    throw new ValidationError("the file has no rows", [
      { path: "rows", message: "文件中没有企业数据" },
    ]);
  const problems: Problem[] = [];
  const records: { row: number; record: NewEnterprise }[] = [];
  for (const row of rows) {
    const checked = rowRecord(row);
    problems.push(...checked.problems);
    if (checked.record) records.push({ row: row.row, record: checked.record });
  }
  // Industry and village are checked on every row, also one whose other cells have problems.
  const codes = [...new Set(rows.flatMap((r) => (r.values.village ? [r.values.village] : [])))];
  const known = new Set(
    codes.length === 0
      ? []
      : (
          await db
            .select({ code: villages.code })
            .from(villages)
            .where(inArray(villages.code, codes))
        ).map((v) => v.code),
  );
  for (const { row, values } of rows) {
    if (values.industry && !industries.some((i) => i.name === values.industry))
      problems.push(
        problemAt(row, "industry", `须为${industries.map((i) => i.name).join("、")}之一`),
      );
    if (values.village && !known.has(values.village))
      problems.push(problemAt(row, "village", "村(社区)不存在"));
  }
  const seen = new Map<string, number>();
  for (const { row, record } of records) {
    const first = seen.get(record.creditCode);
    if (first !== undefined) problems.push(problemAt(row, "creditCode", `与第${first}行重复`));
    else seen.set(record.creditCode, row);
  }
  if (problems.length > 0) {
    const order = (p: Problem) => Number(p.path.split(".")[1]);
    const column = (p: Problem) =>
      WORKBOOK_COLUMNS.findIndex((c) => p.path.endsWith(`.${c.field}`));
    problems.sort((a, b) => order(a) - order(b) || column(a) - column(b));
    throw new ValidationError(
      `${new Set(problems.map((p) => p.path.split(".")[1])).size} row(s) have problems`,
      problems,
    );
  }

  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const store = createEnterpriseStore({ ...options, db: tx, readAllGroups: [] });
    const existing = new Map(
      (
        await tx
          .select({ id: enterprises.id, creditCode: enterprises.creditCode })
          .from(enterprises)
          .where(inArray(enterprises.creditCode, [...seen.keys()]))
      ).map((e) => [e.creditCode, e.id]),
    );
    let created = 0;
    let updated = 0;
    for (const { record } of records) {
      const id = existing.get(record.creditCode);
      if (id) {
        const { id: _ignored, ...changes } = record;
        await store.update(id, changes, actor);
        updated += 1;
      } else {
        await store.create(record, actor);
        created += 1;
      }
    }
    return { rows: records.length, created, updated };
  });
}

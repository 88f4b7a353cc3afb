import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectory } from "../directory/directory.js";
import { loadProcesses } from "../load-processes.js";
import { createSafetyDomain } from "../safety-domain.js";
import { seedDirectory } from "../seed-demo.js";
import { createApiHarness, json, type ApiHarness } from "../../test/api/api-harness.js";
import { playJanuary } from "../../test/support/ranking-january.js";
import type { Ranking } from "./ranking-schemas.js";

let h: ApiHarness;
let office: string;
beforeAll(async () => {
  h = await createApiHarness({
    start: "2026-12-01T09:00:00+08:00",
    tokenTtlSeconds: 365 * 86400,
    plugins: [createSafetyDomain()],
  });
  await loadProcesses(h.engine);
  await seedDirectory(createDirectory({ db: h.engine.database.db, clock: h.clock }), "test");
  await playJanuary(h.engine, h.clock);
  office = await h.signIn("liuna", ["safety-office"]);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

const ratio = (numerator: number, denominator: number, percent: number | null) => ({
  numerator,
  denominator,
  percent,
});

describe("GET /api/ranking", () => {
  it("ranks the hand-computed January: villages, enterprises within them, each share with its parts", async () => {
    const response = await h.call("GET", "/api/ranking?period=2027-01", { token: office });
    expect(response.status).toBe(200);
    const ranking = await json<Ranking>(response);
    expect(ranking).toMatchObject({ period: "2027-01", label: "2027年1月", township: "铁峰乡" });
    expect(ranking.villages.map((v) => [v.rank, v.name])).toEqual([
      [1, "河口社区"],
      [2, "铁峰村"],
      [3, "新华村"],
    ]);
    const [hekou, tiefeng, xinhua] = ranking.villages;
    expect(hekou!.figures).toEqual({
      inspectionsOnTime: ratio(2, 2, 100),
      inspectionsLate: 0,
      inspectionsMissed: 0,
      majorOverdue: ratio(1, 1, 100),
      hazardsClosedOnTime: ratio(0, 0, null),
      escalations: {
        open: 1,
        letter: ratio(1, 1, 100),
        circular: ratio(0, 1, 0),
        interview: ratio(0, 1, 0),
      },
    });
    expect(hekou!.enterprises[0]!.figures.escalations.letter).toEqual(ratio(1, 1, 100));
    expect(tiefeng!.figures.escalations).toEqual({
      open: 0,
      letter: ratio(0, 0, null),
      circular: ratio(0, 0, null),
      interview: ratio(0, 0, null),
    });
    expect(tiefeng!.figures.inspectionsOnTime).toEqual(ratio(1, 2, 50));
    expect(tiefeng!.figures.inspectionsLate).toBe(1);
    expect(tiefeng!.previousOnTime).toEqual(ratio(0, 1, 0));
    expect(tiefeng!.enterprises.map((e) => [e.rank, e.name, e.figures.inspectionsOnTime])).toEqual([
      [1, "红达木业有限公司", ratio(1, 1, 100)],
      [2, "绿源食品加工厂", ratio(0, 1, 0)],
    ]);
    expect(xinhua!.figures).toMatchObject({
      inspectionsOnTime: ratio(1, 3, 33.3),
      inspectionsMissed: 2,
      majorOverdue: ratio(0, 1, 0),
      hazardsClosedOnTime: ratio(1, 1, 100),
    });
    expect(ranking.totals).toMatchObject({
      inspectionsOnTime: ratio(4, 7, 57.1),
      inspectionsLate: 1,
      inspectionsMissed: 2,
      majorOverdue: ratio(1, 2, 50),
      hazardsClosedOnTime: ratio(1, 1, 100),
    });
    expect(ranking.mostOverdue).toEqual([
      { id: "tiefeng-quarry", name: "铁峰石料厂", villageName: "河口社区", overdue: 1 },
    ]);
    expect(ranking.summary).toEqual([
      "按时排查率最低：新华村（1/3，33.3%）。",
      "进步最大：铁峰村（上期 0% → 本期 50%）。",
      "重大隐患超期最多：铁峰石料厂（1件）。",
    ]);
  });

  it("answers a quarter and a year from the same counts, and the period before from its own", async () => {
    const quarter = await json<Ranking>(
      await h.call("GET", "/api/ranking?period=2027-Q1", { token: office }),
    );
    expect(quarter.label).toBe("2027年第一季度");
    expect(quarter.totals.inspectionsOnTime).toEqual(ratio(4, 7, 57.1));
    const december = await json<Ranking>(
      await h.call("GET", "/api/ranking?period=2026-12", { token: office }),
    );
    expect(december.totals.inspectionsOnTime).toEqual(ratio(0, 1, 0));
    expect(december.totals.inspectionsMissed).toBe(1);
    // The quarry's 督办 started on 01-21: none open in December; still open in February,
    // where it reached no level (its 函告 was January's).
    expect(december.totals.escalations.open).toBe(0);
    expect(quarter.totals.escalations.letter).toEqual(ratio(1, 1, 100));
    const february = await json<Ranking>(
      await h.call("GET", "/api/ranking?period=2027-02", { token: office }),
    );
    expect(february.totals.escalations).toEqual({
      open: 1,
      letter: ratio(0, 1, 0),
      circular: ratio(0, 1, 0),
      interview: ratio(0, 1, 0),
    });
    expect(february.villages.find((v) => v.name === "河口社区")!.enterprises[0]).toMatchObject({
      name: "铁峰石料厂",
      figures: { escalations: { open: 1 } },
    });
  });

  it("refuses a malformed period with the field's problem, and enterprises altogether", async () => {
    const bad = await h.call("GET", "/api/ranking?period=2027-13", { token: office });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("统计期间应为月份 2027-01");
    const enterprise = await h.signIn("hongda-boss", ["enterprise-hongda"]);
    expect((await h.call("GET", "/api/ranking?period=2027-01", { token: enterprise })).status).toBe(
      403,
    );
  });
});

describe("GET /api/ranking/notice.xlsx", () => {
  it("holds the same figures as the API", async () => {
    const response = await h.call("GET", "/api/ranking/notice.xlsx?period=2027-01", {
      token: office,
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const rows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const values: unknown[][] = [];
      sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    };
    expect(rows("通报")).toEqual([
      ["铁峰乡2027年1月安全生产排查治理晾晒通报"],
      ["按时排查率最低：新华村（1/3，33.3%）。"],
      ["进步最大：铁峰村（上期 0% → 本期 50%）。"],
      ["重大隐患超期最多：铁峰石料厂（1件）。"],
      [
        "说明：函告、通报、约谈：本期达到该级别的督办件数 / 期内在办督办件数（期末前立案、期初前未办结的督办）。",
      ],
    ]);
    const villages = rows("村(社区)排名");
    expect(villages[0]!.slice(0, 5)).toEqual([
      "名次",
      "村(社区)",
      "按时排查",
      "应排查",
      "按时率(%)",
    ]);
    expect(villages.slice(1).map((r) => r.slice(0, 9))).toEqual([
      [1, "河口社区", 2, 2, 100, 0, 0, 1, 1],
      [2, "铁峰村", 1, 2, 50, 1, 0, 0, 0],
      [3, "新华村", 1, 3, 33.3, 0, 2, 0, 1],
      ["", "合计", 4, 7, 57.1, 1, 2, 1, 2],
    ]);
    // 函告, 通报, 约谈 and their one denominator, the 督办 open in the month.
    expect(villages.map((r) => r.slice(12, 16))).toEqual([
      ["函告", "通报", "约谈", "期内在办督办"],
      [1, 0, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 1],
    ]);
    const enterprises = rows("企业排名");
    expect(enterprises.slice(1).map((r) => r.slice(0, 5))).toContainEqual([
      "铁峰村",
      2,
      "绿源食品加工厂",
      0,
      1,
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "../engine/clock.js";
import type { Engine } from "../engine/engine.js";
import { createEngine } from "../engine/index.js";
import { createTestDatabase, type TestDatabase } from "../test/support/test-database.js";
import { createDirectory } from "./directory/directory.js";
import { NewEnterpriseSchema } from "./directory/directory-schemas.js";
import { loadProcesses } from "./load-processes.js";
import { createSafetyDomain } from "./safety-domain.js";
import { demoEnterprises, demoGroups, demoUsers, seedDemo, seedDirectory } from "./seed-demo.js";

let database: TestDatabase;
let engine: Engine;
beforeAll(async () => {
  database = await createTestDatabase();
  const domain = createSafetyDomain();
  engine = await createEngine({
    database: database.url,
    clock: createManualClock("2026-09-10T09:30:00+08:00"),
    references: domain.references!,
  });
  await domain.migrate!(engine.database);
  await loadProcesses(engine);
  await seedDirectory(createDirectory({ db: engine.database.db, clock: engine.clock }), "admin");
});
afterAll(async () => {
  await engine.close();
  await database.drop();
});

const inbox = async (username: string) => {
  const user = demoUsers.find((u) => u.username === username)!;
  return (
    await engine.tasks.list({
      user: { id: user.username, groups: demoGroups(user) },
      status: "open",
      limit: 200,
    })
  ).items;
};

describe("demo data", () => {
  it("has a user for every group of the domain (directory groups by link), and enterprises in several villages", () => {
    const groups = new Set(demoUsers.flatMap(demoGroups));
    for (const group of [
      "safety-office",
      "township-leader",
      "sector-dept",
      "law-enforcement",
      "investigation-team",
      "discipline",
      "integration",
    ]) {
      expect(groups).toContain(group);
    }
    for (const e of demoEnterprises) {
      expect(groups).toContain(`enterprise-${e.id}`);
      expect(groups).toContain(`village-${e.village}`);
    }
    expect(new Set(demoEnterprises.map((e) => e.village)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(demoUsers.map((u) => u.username)).size).toBe(demoUsers.length);
  });

  it("files its enterprises with credit codes and mobiles the API would accept", () => {
    for (const e of demoEnterprises) expect(NewEnterpriseSchema.safeParse(e).error).toBeUndefined();
  });

  it("fills an empty database with work in several inboxes, and only once", async () => {
    const { instances } = await seedDemo(engine);
    expect(instances).toBeGreaterThan(20);
    expect((await engine.instances.list({ limit: 500 })).items).toHaveLength(instances);

    expect((await inbox("zhangwei")).length).toBeGreaterThanOrEqual(5);
    expect((await inbox("wangqiang")).map((t) => t.name)).toContain("批复调查报告");
    expect((await inbox("huangzhiqiang")).length).toBeGreaterThanOrEqual(1);
    expect((await inbox("linhai")).map((t) => t.name)).toContain("制定治理方案");
    expect((await inbox("wujing")).length).toBeGreaterThanOrEqual(1);
    expect((await inbox("zhenghao")).map((t) => t.name)).toContain("监管责任调查");
    expect((await inbox("sunli")).map((t) => t.name)).toContain("核查");
    expect((await inbox("sunli")).map((t) => t.name)).toContain("停产整顿/联合惩戒");

    const hazards = (await engine.instances.list({ processKey: "hazard-closure", limit: 100 }))
      .items;
    expect(hazards.filter((h) => h.vars.overdue === true)).toHaveLength(5);
    expect(new Set(hazards.map((h) => h.activeStates[0]))).toEqual(
      new Set([
        "reported",
        "onSiteCheck",
        "generalFixing",
        "registered",
        "planReview",
        "rectifying",
        "extensionReview",
        "onSiteRecheck",
        "acceptance",
        "closed",
        "dismissed",
      ]),
    );
    const escalations = (await engine.instances.list({ processKey: "rectification-escalation" }))
      .items;
    // Every level of the ladder: 函告, 函告后观察, 通报, 约谈, 移交执法; each hazard shows its own.
    expect(escalations.map((e) => e.activeStates[0]).sort()).toEqual([
      "afterLetter",
      "circular",
      "enforcement",
      "interview",
      "letter",
    ]);
    expect(
      hazards
        .map((h) => h.vars.escalationLevel)
        .filter((l) => l != null)
        .sort(),
    ).toEqual([1, 1, 2, 3, 4]);
    // The village's grid officer (陈军, 铁峰村) has a recheck and an on-site check: a
    // self-reported hazard goes there by itself.
    expect((await inbox("chenjun")).map((t) => t.name).sort()).toEqual(
      ["现场复核", "现场核实"].sort(),
    );
    // The hazard a confirmed tip-off started was checked on site: the office judges it
    // with the finding, beside the one its own inspection found.
    const judging = (await inbox("zhangwei")).filter((t) => t.name === "隐患判定");
    expect(judging).toHaveLength(2);
    expect((await inbox("wangqiang")).map((t) => t.name)).toEqual(
      expect.arrayContaining(["通报批评", "约谈企业主要负责人"]),
    );

    expect(await seedDemo(engine)).toEqual({ instances: 0 });
  });
});

/**
 * Switching 班组日排查 and 部门周排查 on per industry and per enterprise: the switch is an
 * admin's (400 in Chinese for a bad one), and the schedules start inspections for exactly
 * the enterprises switched on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, json, type ApiHarness } from "../../test/api/api-harness.js";
import { createDirectory } from "../directory/directory.js";
import { loadProcesses } from "../load-processes.js";
import { createSafetyDomain } from "../safety-domain.js";
import { seedDirectory } from "../seed-demo.js";

let h: ApiHarness;
let admin: string;
beforeAll(async () => {
  // A Tuesday: no monthly slot today.
  h = await createApiHarness({
    start: "2027-03-02T08:00:00+08:00",
    tokenTtlSeconds: 30 * 86400,
    plugins: [createSafetyDomain()],
  });
  await loadProcesses(h.engine);
  // hongda, lvyuan (tf01, 工贸), binhai-cold (tf02, 冷库), xinda-gas (tf02, 燃气), tiefeng-quarry (非煤矿山).
  await seedDirectory(createDirectory({ db: h.engine.database.db, clock: h.clock }), "test");
  admin = await h.signIn("qianli", ["directory-admin"]);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const put = (path: string, body: unknown, token = admin) =>
  h.call("PUT", `/api/inspection-settings/${path}`, { token, body });

const startedFor = async (processKey: string) =>
  (await h.engine.instances.list({ processKey, limit: 100 })).items
    .map((i) => i.vars.enterpriseId as string)
    .sort();

describe("daily and weekly inspections switched per industry and per enterprise", () => {
  it("refuses a bad switch with each field's problem in Chinese, and anyone but an admin", async () => {
    const bad = await put("industries/燃气", { daily: "yes", monthly: true });
    expect(bad.status).toBe(400);
    const problems = (await json<{ errors: { path: string; message: string }[] }>(bad)).errors;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "body.daily", message: "应为 true（开启）、false（关闭）或 null（不单独设置）" },
      ]),
    );
    expect(problems.map((p) => p.message).join("")).toMatch(/只能设置 daily（日排查）和 weekly/);
    const empty = await put("industries/燃气", {});
    expect(empty.status).toBe(400);
    expect(await json(empty)).toMatchObject({
      errors: [{ message: "请至少设置 daily（日排查）或 weekly（周排查）之一" }],
    });
    const noIndustry = await put(`industries/${encodeURIComponent("造船")}`, { daily: true });
    expect(noIndustry.status).toBe(400);
    expect(await json(noIndustry)).toMatchObject({
      errors: [{ path: "industry", message: expect.stringContaining("行业须为：工贸") }],
    });
    expect((await put("enterprises/nobody", { daily: true })).status).toBe(404);
    const clerk = await h.signIn("hongda-clerk", ["enterprise-hongda"]);
    expect((await put("enterprises/hongda", { daily: true }, clerk)).status).toBe(403);
  });

  it("an enterprise's own setting wins over its industry's; neither set is off", async () => {
    expect((await put(`industries/${encodeURIComponent("燃气")}`, { daily: true })).status).toBe(
      200,
    );
    expect((await put(`industries/${encodeURIComponent("冷库")}`, { daily: true })).status).toBe(
      200,
    );
    expect((await put("enterprises/hongda", { daily: true })).status).toBe(200);
    const own = await put("enterprises/binhai-cold", { daily: false, weekly: null });
    expect(own.status).toBe(200);
    expect(await json(own)).toMatchObject({
      own: {
        scope: "enterprise",
        id: "binhai-cold",
        daily: false,
        weekly: null,
        updatedBy: "qianli",
      },
      industry: { scope: "industry", id: "冷库", daily: true, weekly: null },
      effective: { daily: false, weekly: false },
    });
    const office = await h.signIn("liuna", ["safety-office"]);
    const list = await json<{ industries: { id: string; daily: boolean | null }[] }>(
      await h.call("GET", "/api/inspection-settings", { token: office }),
    );
    expect(list.industries.filter((i) => i.daily).map((i) => i.id)).toEqual(["燃气", "冷库"]);
  });

  it("a daily inspection opens for each enterprise switched on, and for no other", async () => {
    h.clock.set("2027-03-02T08:30:00+08:00");
    await h.engine.runDueJobs();
    expect(await startedFor("inspection-daily")).toEqual(["hongda", "xinda-gas"]);
    expect(await startedFor("inspection-weekly")).toEqual([]);
  });

  it("a weekly inspection opens on Monday for an industry switched on, but for an enterprise switched off", async () => {
    expect((await put(`industries/${encodeURIComponent("工贸")}`, { weekly: true })).status).toBe(
      200,
    );
    expect((await put("enterprises/lvyuan", { weekly: false })).status).toBe(200);
    h.clock.set("2027-03-08T08:30:00+08:00");
    await h.engine.runDueJobs();
    expect(await startedFor("inspection-weekly")).toEqual(["hongda"]);
  });
});

/** The directory's schedule sources: a schedule for every high-risk enterprise starts one case each. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "../../test/api/api-harness.js";
import { createSafetyDomain } from "../safety-domain.js";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({
    plugins: [createSafetyDomain()],
    start: "2027-03-01T08:00:00+08:00",
  });
  const admin = await h.signIn("qianli", ["directory-admin"]);
  const post = async (path: string, body: unknown) =>
    expect((await h.call("POST", path, { token: admin, body })).status).toBe(201);
  await post("/api/villages", { code: "tf01", name: "铁峰村" });
  await post("/api/villages", { code: "tf02", name: "新华村" });
  await post("/api/enterprises", {
    creditCode: "91110108551385082Q",
    name: "铁峰化工有限公司",
    industry: "危险化学品", // high-risk by default
    village: "tf01",
  });
  await post("/api/enterprises", {
    creditCode: "91350100M000100Y43",
    name: "新华木业有限公司",
    industry: "工贸",
    village: "tf02",
    highRisk: false,
  });
});
afterAll(() => h.close());

const visit = {
  key: "village-visit",
  name: "走访",
  variables: {
    type: "object",
    properties: {
      enterpriseName: { type: "string" },
      villageName: { type: "string" },
      village: { type: "string" },
    },
  },
  initial: "open",
  states: {
    open: {
      task: { name: "走访", outcomes: [{ event: "DONE", label: "完成" }] },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
  schedules: [
    {
      key: "high-risk",
      every: { rule: "workdays", at: "09:00" },
      forEach: "enterprises",
      filter: "item.highRisk = true",
      itemLabel: "高危企业",
      variables: { enterpriseName: "item.name", villageName: "item.villageName" },
    },
    {
      key: "villages",
      every: { rule: "monthly-first-workday", at: "09:00" },
      forEach: "villages",
      variables: { village: "item.code", villageName: "item.name" },
    },
  ],
};

describe("directory sources", () => {
  it("enterprises (filtered by highRisk) and villages, with words for the designer", async () => {
    await h.engine.definitions.publish(visit);
    h.clock.set("2027-03-01T09:00:00+08:00");
    await h.engine.runDueJobs();
    const { items } = await h.engine.instances.list({ processKey: "village-visit" });
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.vars)).toEqual(
      expect.arrayContaining([
        { enterpriseName: "铁峰化工有限公司", villageName: "铁峰村" },
        { village: "tf01", villageName: "铁峰村" },
        { village: "tf02", villageName: "新华村" },
      ]),
    );
    const [highRisk] = await h.engine.schedules.list({ processKey: "village-visit" });
    expect(highRisk?.description).toBe("每个工作日 09:00，每家高危企业一件");
    expect(h.engine.schedules.sources()).toEqual([
      { name: "enterprises", label: "企业", unit: "家" },
      { name: "villages", label: "村(社区)", unit: "个" },
    ]);
  });
});

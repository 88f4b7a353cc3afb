/**
 * The case list's filters (`GET /api/instances`): overdue, state, `var.<name>`, and the
 * search over title, business key and the plugins' search variables; a bad filter is a
 * 400 naming the parameter; a protected variable is never matched for someone who may
 * not see it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZhibenPlugin } from "../../api/plugin.js";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

const report = {
  ...fixtureReport,
  businessKey: "报〔{year}〕{seq:3}号",
  variables: {
    ...fixtureReport.variables,
    properties: {
      ...fixtureReport.variables.properties,
      partyName: { type: "string" },
      overdue: { type: "boolean" },
    },
  },
};
const searchPlugin: ZhibenPlugin = { name: "search", searchVars: ["partyName"] };

let h: ApiHarness;
let office: string;
let village: string;
const ids: Record<string, string> = {};

type Page = { items: { id: string; title: string; businessKey: string }[] };
const list = async (query: string, token = office) => {
  const response = await h.call("GET", `/api/instances?processKey=fixture-report&${query}`, {
    token,
  });
  expect(response.status).toBe(200);
  return (await json<Page>(response)).items.map((i) => i.title).sort();
};

beforeAll(async () => {
  h = await createApiHarness({ plugins: [searchPlugin] });
  await h.engine.definitions.publish(report);
  office = await h.signIn("office", ["safety-office"]);
  village = await h.signIn("chen", ["village-tf01"]);
  const start = async (title: string, vars: Record<string, unknown>) => {
    const instance = await h.engine.instances.start("fixture-report", { title, ...vars });
    ids[title] = instance.id;
  };
  await start("木粉仓未设置防爆门", { village: "tf01", partyName: "宏达木业", overdue: true });
  await start("钢瓶充装台未接地", { village: "tf02", partyName: "鑫达燃气", overdue: true });
  await start("冷库氨管锈蚀", {
    village: "tf01",
    partyName: "滨海冷链",
    reporterPhone: "13800000000",
  });
  // One moved on to the review.
  const [task] = (await h.engine.tasks.list({ instanceId: ids["冷库氨管锈蚀"]! })).items;
  await h.engine.tasks.complete(
    task!.id,
    { outcome: "VERIFIED", data: { note: "属实" } },
    {
      id: "chen",
      groups: ["village-tf01"],
    },
  );
});
afterAll(() => h?.close());

describe("case list filters", () => {
  it("lists the overdue ones, and the others", async () => {
    expect(await list("overdue=true")).toEqual(["木粉仓未设置防爆门", "钢瓶充装台未接地"]);
    expect(await list("overdue=false")).toEqual(["冷库氨管锈蚀"]);
  });

  it("matches a boolean or a number the process wrote by the text a link carries", async () => {
    // A dashboard link says var.overdue=true; the variable holds the JSON boolean true.
    expect(await list("var.overdue=true")).toEqual(["木粉仓未设置防爆门", "钢瓶充装台未接地"]);
    expect(await list("var.overdue=false")).toEqual([]);
  });

  it("filters by a variable's value and by the state, together", async () => {
    expect(await list("var.village=tf01")).toEqual(["冷库氨管锈蚀", "木粉仓未设置防爆门"]);
    expect(await list("var.village=tf01&overdue=true")).toEqual(["木粉仓未设置防爆门"]);
    expect(await list("state=review")).toEqual(["冷库氨管锈蚀"]);
    expect(await list("state=verify&var.village=tf02")).toEqual(["钢瓶充装台未接地"]);
  });

  it("searches the title, the business key and the plugin's search variables", async () => {
    expect(await list(`q=${encodeURIComponent("防爆")}`)).toEqual(["木粉仓未设置防爆门"]);
    expect(await list(`q=${encodeURIComponent("鑫达")}`)).toEqual(["钢瓶充装台未接地"]);
    // The third start of 2025 (the harness's clock).
    expect(await list(`q=${encodeURIComponent("〔2025〕003")}`)).toEqual(["冷库氨管锈蚀"]);
    // % is a character like any other, not a wildcard.
    expect(await list("q=%25")).toEqual([]);
  });

  it("never matches a protected variable for someone who may not see it", async () => {
    expect(await list("var.reporterPhone=13800000000")).toEqual(["冷库氨管锈蚀"]);
    expect(await list("var.reporterPhone=13800000000", village)).toEqual([]);
    expect(await list("var.village=tf01", village)).toEqual(["冷库氨管锈蚀", "木粉仓未设置防爆门"]);
  });

  it("refuses a bad filter with the parameter named, in Chinese", async () => {
    const response = await h.call(
      "GET",
      "/api/instances?var.bad-name=1&var.village=a&var.village=b",
      {
        token: office,
      },
    );
    expect(response.status).toBe(400);
    const body = await json<{ errors: { path: string; message: string }[] }>(response);
    expect(body.errors).toEqual([
      { path: "query.var.bad-name", message: "变量名只能由字母、数字和 _ 组成" },
      { path: "query.var.village", message: "每个变量只能给一个值" },
    ]);
    const badState = await h.call("GET", "/api/instances?state=a%20b", { token: office });
    expect(badState.status).toBe(400);
  });
});

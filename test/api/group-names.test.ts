/**
 * Group names (issue 14): user admins name groups, the server seeds the shipped groups'
 * names without overwriting a changed one, and a case's page reads the names of every
 * person and group it mentions instead of ids.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { seedGroupNames } from "../../api/plugin.js";
import { createDirectory } from "../../processes/directory/directory.js";
import { loadProcesses } from "../../processes/load-processes.js";
import { createSafetyDomain } from "../../processes/safety-domain.js";
import { createApiHarness, json, type ApiHarness } from "./api-harness.js";

interface Group {
  key: string;
  name: string | null;
  custom: boolean;
}

const plugins = [createSafetyDomain()];
let h: ApiHarness;
let admin: string;
let office: string;
let hongda: string;
let lvyuan: string;
let hazardId: string;

const groups = async () =>
  (await json<{ items: Group[] }>(await h.call("GET", "/api/groups", { token: admin }))).items;

beforeAll(async () => {
  h = await createApiHarness({ plugins });
  await seedGroupNames(plugins, h.engine);
  await loadProcesses(h.engine);
  const directory = createDirectory({ db: h.engine.database.db, clock: h.clock });
  await directory.villages.create({ code: "tf01", name: "铁峰村" }, "test");
  await directory.enterprises.create(
    {
      id: "hongda",
      creditCode: "91110108551385082Q",
      name: "红达木业有限公司",
      village: "tf01",
      industry: "工贸",
    },
    "test",
  );
  admin = await h.signIn("admin", ["user-admin"]);
  await h.users.create({
    username: "zhangwei",
    name: "张伟",
    password: "password-1",
    groups: ["safety-office"],
  });
  office = await login("zhangwei");
  hongda = await h.signIn("hongda-boss", ["enterprise-hongda"]);
  lvyuan = await h.signIn("lvyuan-boss", ["enterprise-lvyuan"]);

  const started = await h.call("POST", "/api/instances", {
    token: office,
    body: {
      processKey: "hazard-closure",
      variables: {
        title: "砂光车间除尘系统未设置泄爆装置",
        enterpriseId: "hongda",
        source: "inspection",
        foundAt: "2025-03-01",
      },
    },
  });
  expect(started.status).toBe(201);
  hazardId = (await json<{ id: string }>(started)).id;
  const inbox = await json<{ items: { id: string }[] }>(
    await h.call("GET", `/api/tasks?instanceId=${hazardId}`, { token: office }),
  );
  const completed = await h.call("POST", `/api/tasks/${inbox.items[0]!.id}/complete`, {
    token: office,
    body: { outcome: "CONFIRM_MAJOR", data: { basis: "《判定标准》第十条" } },
  });
  expect(completed.status).toBe(200);
});

async function login(username: string) {
  const response = await h.call("POST", "/api/auth/login", {
    body: { username, password: "password-1" },
  });
  return (await json<{ token: string }>(response)).token;
}

afterAll(() => h.close());

describe("group names", () => {
  test("the shipped groups come named; groups users hold are listed, the directory's by its names", async () => {
    const listed = await groups();
    const byKey = new Map(listed.map((g) => [g.key, g]));
    expect(byKey.get("safety-office")).toEqual({
      key: "safety-office",
      name: "安监办",
      custom: false,
    });
    expect(byKey.get("user-admin")?.name).toBe("用户管理员");
    expect(byKey.get("enterprise-hongda")?.name).toBe("红达木业有限公司");
    // A group someone holds that nothing names is listed without a name, to be named here.
    expect(byKey.get("enterprise-lvyuan")).toEqual({
      key: "enterprise-lvyuan",
      name: null,
      custom: false,
    });
  });

  test("a user admin renames a group; seeding at the next start keeps the new name", async () => {
    const renamed = await h.call("PUT", "/api/groups/safety-office", {
      token: admin,
      body: { name: "镇应急办" },
    });
    expect(renamed.status).toBe(200);
    expect(await json(renamed)).toEqual({ key: "safety-office", name: "镇应急办", custom: true });
    await seedGroupNames(plugins, h.engine);
    const after = (await groups()).find((g) => g.key === "safety-office");
    expect(after).toEqual({ key: "safety-office", name: "镇应急办", custom: true });
    await h.call("PUT", "/api/groups/safety-office", { token: admin, body: { name: "安监办" } });
  });

  test("an empty name is refused at its field in Chinese; a bad key is a 400 too", async () => {
    const empty = await h.call("PUT", "/api/groups/safety-office", {
      token: admin,
      body: { name: "  " },
    });
    expect(empty.status).toBe(400);
    const body = await json<{ errors: { path: string; message: string }[] }>(empty);
    expect(body.errors).toEqual([{ path: "body.name", message: "请填写名称" }]);
    const badKey = await h.call("PUT", "/api/groups/%20bad", { token: admin, body: { name: "x" } });
    expect(badKey.status).toBe(400);
  });

  test("only user admins list and rename groups", async () => {
    expect((await h.call("GET", "/api/groups", { token: office })).status).toBe(403);
    const rename = await h.call("PUT", "/api/groups/safety-office", {
      token: office,
      body: { name: "我的组" },
    });
    expect(rename.status).toBe(403);
    expect((await groups()).find((g) => g.key === "safety-office")?.name).toBe("安监办");
  });
});

describe("the names a case mentions", () => {
  test("the person who judged it and the groups of its tasks, by name", async () => {
    const response = await h.call("GET", `/api/instances/${hazardId}/names`, { token: hongda });
    expect(response.status).toBe(200);
    const names = await json<{ users: Record<string, string>; groups: Record<string, string> }>(
      response,
    );
    expect(names.users).toMatchObject({ zhangwei: "张伟" });
    // The plan is the enterprise's task now: its group reads as the enterprise's name.
    expect(names.groups).toMatchObject({
      "safety-office": "安监办",
      "enterprise-hongda": "红达木业有限公司",
    });
  });

  test("someone who may not see the case learns no names from it", async () => {
    const response = await h.call("GET", `/api/instances/${hazardId}/names`, { token: lvyuan });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("张伟");
  });
});

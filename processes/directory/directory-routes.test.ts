/** `/api/villages`, `/api/enterprises`, `/api/directory/members`: the contract, validation, scope and history. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "../../test/api/api-harness.js";
import { createSafetyDomain } from "../safety-domain.js";

let h: ApiHarness;
let admin: string;
let office: string;
beforeAll(async () => {
  h = await createApiHarness({ plugins: [createSafetyDomain()] });
  admin = await h.signIn("qianli", ["directory-admin"]);
  office = await h.signIn("zhangwei", ["safety-office"]);
  for (const village of [
    { code: "tf01", name: "铁峰村" },
    { code: "tf02", name: "新华村" },
  ])
    expect((await h.call("POST", "/api/villages", { token: admin, body: village })).status).toBe(
      201,
    );
});
afterAll(() => h.close());

const json = async <T = Record<string, unknown>>(response: Response) =>
  (await response.json()) as T;
type Page = { items: { id: string; name: string }[]; nextCursor: string | null };

const xiaomiLike = {
  creditCode: "91110108551385082Q",
  name: "铁峰化工有限公司",
  industry: "危险化学品",
  village: "tf01",
  principal: { name: "李明", mobile: "138-0000-0001" },
  controller: { name: "李华", mobile: "13800000002" },
};

describe("POST /api/enterprises", () => {
  let created: Record<string, unknown>;
  it("files an enterprise with the contract's body → 201 with the record and a generated id", async () => {
    const response = await h.call("POST", "/api/enterprises", { token: admin, body: xiaomiLike });
    expect(response.status).toBe(201);
    created = await json(response);
    expect(created).toMatchObject({
      creditCode: "91110108551385082Q",
      name: "铁峰化工有限公司",
      initials: "tfhgyxgs",
      industry: "危险化学品",
      village: "tf01",
      villageName: "铁峰村",
      highRisk: true, // the industry is high-risk by default
      principal: { name: "李明", mobile: "13800000001" },
      status: "operating",
    });
    expect(created.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
    expect(created.group).toBe(`enterprise-${created.id as string}`);
  });

  it("refuses the same credit code twice (409)", async () => {
    const response = await h.call("POST", "/api/enterprises", {
      token: admin,
      body: { ...xiaomiLike, name: "另一家" },
    });
    expect(response.status).toBe(409);
  });

  it("reports each bad field in Chinese: check digit position, mobile, industry, village", async () => {
    const response = await h.call("POST", "/api/enterprises", {
      token: admin,
      body: {
        ...xiaomiLike,
        creditCode: "91110108551385082R",
        principal: { name: "李明", mobile: "12345" },
      },
    });
    expect(response.status).toBe(400);
    const problem = await json<{ errors: { path: string; message: string }[] }>(response);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "body.creditCode", message: "统一社会信用代码第18位（校验码）不正确" },
        { path: "body.principal.mobile", message: "手机号须为11位，以13–19开头" },
      ]),
    );
    const refs = await h.call("POST", "/api/enterprises", {
      token: admin,
      body: { ...xiaomiLike, creditCode: "9144030071526726XG", industry: "钓鱼", village: "zz99" },
    });
    expect(refs.status).toBe(400);
    const paths = (await json<{ errors: { path: string }[] }>(refs)).errors.map((e) => e.path);
    expect(paths.sort()).toEqual(["industry", "village"]);
  });

  it("is for directory-admin only", async () => {
    const response = await h.call("POST", "/api/enterprises", {
      token: office,
      body: { ...xiaomiLike, creditCode: "914403001922038216" },
    });
    expect(response.status).toBe(403);
  });

  it("a rename keeps id and group, updates the initials and is kept in the history", async () => {
    const id = created.id as string;
    const renamed = await h.call("PATCH", `/api/enterprises/${id}`, {
      token: admin,
      body: { name: "新华精细化工有限公司" },
    });
    expect(renamed.status).toBe(200);
    expect(await json(renamed)).toMatchObject({
      id,
      group: `enterprise-${id}`,
      initials: "xhjxhgyxgs",
    });
    const history = await json<{ items: { actor: string; action: string; changes: object }[] }>(
      await h.call("GET", `/api/enterprises/${id}/history`, { token: office }),
    );
    expect(history.items[0]).toMatchObject({
      actor: "qianli",
      action: "update",
      changes: { name: ["铁峰化工有限公司", "新华精细化工有限公司"] },
    });
    expect(history.items.at(-1)).toMatchObject({ action: "create" });
  });
});

describe("GET /api/enterprises", () => {
  beforeAll(async () => {
    for (const body of [
      {
        id: "hongda",
        creditCode: "9144030071526726XG",
        name: "红达木业有限公司",
        industry: "工贸",
        village: "tf01",
      },
      {
        id: "xinda",
        creditCode: "91330100716105852F",
        name: "鑫达燃气供应站",
        industry: "燃气",
        village: "tf02",
      },
      {
        id: "binhai",
        creditCode: "914403001922038216",
        name: "滨海冷链物流有限公司",
        industry: "冷库",
        village: "tf02",
      },
    ])
      expect((await h.call("POST", "/api/enterprises", { token: admin, body })).status).toBe(201);
  });

  const names = async (query: string, token = office) => {
    const response = await h.call("GET", `/api/enterprises${query}`, { token });
    expect(response.status).toBe(200);
    return (await json<Page>(response)).items.map((e) => e.name);
  };

  it("finds by part of the name, part of the credit code, and pinyin initials", async () => {
    expect(await names("?q=木业")).toEqual(["红达木业有限公司"]);
    expect(await names("?q=716105")).toEqual(["鑫达燃气供应站"]);
    expect(await names("?q=bhll")).toEqual(["滨海冷链物流有限公司"]);
    expect(await names("?q=XDRQ")).toEqual(["鑫达燃气供应站"]);
  });

  it("filters by village, industry and high risk", async () => {
    expect((await names("?village=tf02")).sort()).toEqual([
      "滨海冷链物流有限公司",
      "鑫达燃气供应站",
    ]);
    expect(await names("?industry=工贸")).toEqual(["红达木业有限公司"]);
    expect(await names("?highRisk=false")).toEqual(["红达木业有限公司"]);
  });

  it("pages in pinyin order with a cursor", async () => {
    const first = await json<Page>(
      await h.call("GET", "/api/enterprises?limit=2", { token: office }),
    );
    expect(first.items.map((e) => e.name)).toEqual(["滨海冷链物流有限公司", "红达木业有限公司"]);
    const second = await json<Page>(
      await h.call("GET", `/api/enterprises?limit=2&cursor=${first.nextCursor!}`, {
        token: office,
      }),
    );
    expect(second.items.map((e) => e.name)).toEqual(["鑫达燃气供应站", "新华精细化工有限公司"]);
    expect(second.nextCursor).toBeNull();
  });

  it("an enterprise's user reads its own record only; a village officer the village's", async () => {
    await h.signIn("huang", ["enterprise-hongda"]);
    await h.signIn("lixia", []);
    expect(
      (
        await h.call("PUT", "/api/directory/members/huang", {
          token: admin,
          body: { enterpriseId: "hongda" },
        })
      ).status,
    ).toBe(200);
    const linked = await h.call("PUT", "/api/directory/members/lixia", {
      token: admin,
      body: { villageCode: "tf02" },
    });
    expect(await json(linked)).toMatchObject({ group: "village-tf02" });
    const huang = await h.signIn("huang", []);
    const lixia = await h.signIn("lixia", []);
    expect(await names("", huang)).toEqual(["红达木业有限公司"]);
    expect((await h.call("GET", "/api/enterprises/hongda", { token: huang })).status).toBe(200);
    expect((await h.call("GET", "/api/enterprises/xinda", { token: huang })).status).toBe(404);
    expect((await names("", lixia)).sort()).toEqual(["滨海冷链物流有限公司", "鑫达燃气供应站"]);
    expect((await h.call("GET", "/api/enterprises/hongda", { token: lixia })).status).toBe(404);
  });

  it("a user without a directory group or staff group reads no enterprise", async () => {
    const stranger = await h.signIn("stranger", ["someone-else"]);
    expect(await names("", stranger)).toEqual([]);
  });
});

describe("directory members", () => {
  it("the group comes from the link: a hand-typed directory group is replaced", async () => {
    await h.users.create({
      username: "xu",
      name: "徐东",
      password: "password-1",
      groups: ["enterprise-typo", "sector-dept"],
    });
    const response = await h.call("PUT", "/api/directory/members/xu", {
      token: admin,
      body: { enterpriseId: "xinda" },
    });
    expect(response.status).toBe(200);
    expect((await h.users.find("xu"))!.groups.sort()).toEqual(["enterprise-xinda", "sector-dept"]);
    await h.call("DELETE", "/api/directory/members/xu", { token: admin });
    expect((await h.users.find("xu"))!.groups).toEqual(["sector-dept"]);
  });

  it("refuses a link to an enterprise that does not exist", async () => {
    const response = await h.call("PUT", "/api/directory/members/xu", {
      token: admin,
      body: { enterpriseId: "nope" },
    });
    expect(response.status).toBe(400);
  });
});

describe("villages", () => {
  it("lists with enterprise counts and finds by initials; a rename keeps the code", async () => {
    const page = await json<{ items: { code: string; name: string; enterprises: number }[] }>(
      await h.call("GET", "/api/villages?q=xhc", { token: office }),
    );
    expect(page.items).toEqual([
      expect.objectContaining({ code: "tf02", name: "新华村", enterprises: 2 }),
    ]);
    const renamed = await h.call("PATCH", "/api/villages/tf02", {
      token: admin,
      body: { name: "新华社区" },
    });
    expect(await json(renamed)).toMatchObject({
      code: "tf02",
      name: "新华社区",
      group: "village-tf02",
    });
    expect(
      (
        await h.call("POST", "/api/villages", {
          token: admin,
          body: { code: "tf02", name: "重复" },
        })
      ).status,
    ).toBe(409);
  });
});

/**
 * Business numbers (a definition's `businessKey` pattern) allocated in the start's
 * transaction: 50 starts at once get 1..50 with no gap and no duplicate (on PostgreSQL,
 * 50 transactions racing for the counter row); a refused start gives its number back;
 * each year starts again at 1; a key the starter names is kept and takes no number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

const numbered = {
  ...fixtureReport,
  key: "numbered-report",
  businessKey: "铁峰报〔{year}〕{seq:3}号",
};

let h: ApiHarness;
let office: string;

beforeAll(async () => {
  h = await createApiHarness({ start: "2026-12-30T09:00:00+08:00" });
  await h.engine.definitions.publish(numbered);
  office = await h.signIn("office", ["safety-office"]);
});
afterAll(() => h?.close());

const start = (variables: Record<string, unknown>, businessKey?: string) =>
  h.call("POST", "/api/instances", {
    token: office,
    body: { processKey: "numbered-report", variables, ...(businessKey ? { businessKey } : {}) },
  });

const keyNumber = (key: string) => Number(/〕(\d+)号$/.exec(key)?.[1]);

describe("business keys", () => {
  it("gives 50 parallel starts the numbers 1..50 of the year, each once", async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => start({ title: `隐患 ${i}`, village: "tf01" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const keys = await Promise.all(
      responses.map(async (r) => (await json<{ businessKey: string }>(r)).businessKey),
    );
    expect(keys.every((k) => k.startsWith("铁峰报〔2026〕"))).toBe(true);
    expect(keys.map(keyNumber).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(keys).toContain("铁峰报〔2026〕007号");
  });

  it("does not burn a number on a refused start, and keeps a key the starter names", async () => {
    const refused = await start({ title: "缺少村(社区)" });
    expect(refused.status).toBe(400);
    const named = await start({ title: "人工编号", village: "tf01" }, "手工-1");
    expect((await json(named)).businessKey).toBe("手工-1");
    const next = await start({ title: "下一个", village: "tf01" });
    expect((await json(next)).businessKey).toBe("铁峰报〔2026〕051号");
  });

  it("starts again at 001 in a new year and lists show the key", async () => {
    h.clock.advance("P3D");
    office = await h.signIn("office", ["safety-office"]); // the old token has expired
    const first = await json<{ id: string; businessKey: string }>(
      await start({ title: "新年第一件", village: "tf02" }),
    );
    expect(first.businessKey).toBe("铁峰报〔2027〕001号");
    const listed = await json<{ items: { id: string; businessKey: string }[] }>(
      await h.call("GET", "/api/instances?processKey=numbered-report&limit=5", { token: office }),
    );
    expect(listed.items[0]).toMatchObject({ id: first.id, businessKey: "铁峰报〔2027〕001号" });
    const tasks = await h.engine.tasks.list({ instanceId: first.id });
    expect(tasks.items.map((t) => t.businessKey)).toEqual(["铁峰报〔2027〕001号"]);
  });
});

/**
 * The township's rule for an escalation after an approved extension, over the API: staff read
 * it (default `end`), a process admin sets it, a bad value is a 400 with the field's problem in
 * Chinese, and an escalation started afterwards follows it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, json, type ApiHarness } from "../../test/api/api-harness.js";
import { createDirectory } from "../directory/directory.js";
import { loadProcesses } from "../load-processes.js";
import { createSafetyDomain } from "../safety-domain.js";
import { seedDirectory } from "../seed-demo.js";

let h: ApiHarness;
let admin: string;
let office: string;
beforeAll(async () => {
  h = await createApiHarness({
    start: "2026-09-01T09:00:00+08:00",
    plugins: [createSafetyDomain()],
  });
  await loadProcesses(h.engine);
  await seedDirectory(createDirectory({ db: h.engine.database.db, clock: h.clock }), "test");
  admin = await h.signIn("qianli", ["process-admin"]);
  office = await h.signIn("zhangwei", ["safety-office"]);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const put = (body: unknown, token = admin) =>
  h.call("PUT", "/api/township-settings", { token, body });
const read = async (token = office) =>
  json<{ escalationAfterExtension: string; updatedBy: string | null }>(
    await h.call("GET", "/api/township-settings", { token }),
  );

describe("/api/township-settings", () => {
  it("reads “end” until an admin changes it", async () => {
    expect(await read()).toEqual({
      escalationAfterExtension: "end",
      updatedBy: null,
      updatedAt: null,
    });
  });

  it("refuses a bad value with the field's problem in Chinese, and anyone but a process admin", async () => {
    const bad = await put({ escalationAfterExtension: "restart" });
    expect(bad.status).toBe(400);
    expect((await json<{ errors: { path: string; message: string }[] }>(bad)).errors).toEqual([
      {
        path: "body.escalationAfterExtension",
        message: "应为 end（延期获批即结束督办）或 continue（暂停督办，再逾期时在原级别继续）",
      },
    ]);
    const unknown = await put({ escalationAfterExtension: "continue", level: 1 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await json(unknown))).toContain(
      "只能设置 escalationAfterExtension（延期获批后的督办）",
    );
    const empty = await put({});
    expect(empty.status).toBe(400);
    expect(await json(empty)).toMatchObject({
      errors: [{ message: "请设置 escalationAfterExtension（延期获批后的督办）" }],
    });
    expect((await put({ escalationAfterExtension: "continue" }, office)).status).toBe(403);
    const enterprise = await h.signIn("hongda-user", ["enterprise-hongda"]);
    expect((await h.call("GET", "/api/township-settings", { token: enterprise })).status).toBe(403);
    expect((await read()).escalationAfterExtension).toBe("end");
  });

  it("keeps what an admin sets, and an escalation started afterwards follows it", async () => {
    const changed = await put({ escalationAfterExtension: "continue" });
    expect(changed.status).toBe(200);
    expect(await read()).toMatchObject({
      escalationAfterExtension: "continue",
      updatedBy: "qianli",
    });

    const escalation = await h.engine.instances.start("rectification-escalation", {
      hazardId: "h-1",
      title: "冷库液氨管道腐蚀",
      enterpriseId: "binhai-cold",
      rectifyDeadline: "2026-08-31",
      townshipRules: "township",
    });
    expect(escalation.vars.afterExtension).toBe("continue");
  });
});

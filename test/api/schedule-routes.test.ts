/** `/api/schedules`: list with words and next slots, pause and resume by process-admin, audited. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let admin: string;
let clerk: string;
beforeAll(async () => {
  h = await createApiHarness({ start: "2027-03-01T08:00:00+08:00" });
  admin = await h.signIn("ada", ["process-admin"]);
  clerk = await h.signIn("carl", ["clerks"]);
  await h.engine.definitions.publish({
    key: "till-count",
    name: "Till count",
    variables: { type: "object", properties: { slotAt: { type: "string" } } },
    initial: "open",
    states: {
      open: {
        task: { name: "Count the till", outcomes: [{ event: "DONE", label: "Done" }] },
        on: { DONE: "done" },
      },
      done: { type: "final" },
    },
    schedules: [
      {
        key: "daily",
        label: "日结",
        every: { rule: "workdays", at: "18:00" },
        variables: { slotAt: "slot" },
      },
    ],
  });
});
afterAll(() => h.close());

const json = async <T = Record<string, unknown>>(response: Response) =>
  (await response.json()) as T;

describe("/api/schedules", () => {
  it("lists each schedule with its rule in words and its next ten slots", async () => {
    const response = await h.call("GET", "/api/schedules?processKey=till-count", { token: clerk });
    expect(response.status).toBe(200);
    const body = await json<{ items: Record<string, unknown>[]; sources: unknown[] }>(response);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      processKey: "till-count",
      key: "daily",
      label: "日结",
      description: "每个工作日 18:00，一件",
      paused: false,
      active: true,
    });
    const slots = body.items[0]!.nextSlots as string[];
    expect(slots).toHaveLength(10);
    expect(slots.slice(0, 6)).toEqual([
      "2027-03-01T10:00:00.000Z",
      "2027-03-02T10:00:00.000Z",
      "2027-03-03T10:00:00.000Z",
      "2027-03-04T10:00:00.000Z",
      "2027-03-05T10:00:00.000Z",
      "2027-03-08T10:00:00.000Z",
    ]);
  });

  it("pause and resume: process-admin only, 409 twice, 404 unknown, audited with who and why", async () => {
    const path = "/api/schedules/till-count/daily";
    expect((await h.call("POST", `${path}/pause`, { token: clerk, body: {} })).status).toBe(403);
    const paused = await h.call("POST", `${path}/pause`, {
      token: admin,
      body: { reason: "盘点停业" },
    });
    expect(paused.status).toBe(200);
    expect(await json(paused)).toMatchObject({ paused: true, pausedBy: "ada", nextSlots: [] });
    const again = { token: admin, body: { reason: "再停" } };
    expect((await h.call("POST", `${path}/pause`, again)).status).toBe(409);
    expect((await h.call("POST", "/api/schedules/till-count/nope/pause", again)).status).toBe(404);
    const notText = await h.call("POST", `${path}/resume`, { token: admin, body: { reason: 5 } });
    expect(notText.status).toBe(400);
    expect(await json(notText)).toMatchObject({
      errors: [{ path: "body.reason", message: "原因应为文字，最多 500 个字" }],
    });

    h.clock.set("2027-03-02T09:00:00+08:00");
    await h.engine.runDueJobs();
    // A day later: the tokens of yesterday have expired.
    admin = await h.signIn("ada", ["process-admin"]);
    clerk = await h.signIn("carl", ["clerks"]);
    expect((await h.engine.instances.list({ processKey: "till-count" })).items).toHaveLength(0);
    expect((await h.call("POST", `${path}/resume`, { token: admin })).status).toBe(200);
    h.clock.set("2027-03-02T18:00:00+08:00");
    await h.engine.runDueJobs();
    expect((await h.engine.instances.list({ processKey: "till-count" })).items).toHaveLength(1);

    const audit = await json<{ items: unknown[] }>(
      await h.call("GET", `${path}/audit`, { token: clerk }),
    );
    expect(audit.items).toEqual([
      { action: "resume", actor: "ada", at: "2027-03-02T01:00:00.000Z", reason: null },
      { action: "pause", actor: "ada", at: "2027-03-01T00:00:00.000Z", reason: "盘点停业" },
    ]);
  });

  it("pausing needs a reason: missing, blank or too long is a 400 naming the field in Chinese", async () => {
    const path = "/api/schedules/till-count/daily/pause";
    const problems = async (body: unknown) => {
      const response = await h.call("POST", path, { token: admin, body });
      expect(response.status).toBe(400);
      return (await json<{ errors: { path: string; message: string }[] }>(response)).errors;
    };
    expect(await problems({})).toEqual([{ path: "body.reason", message: "请填写暂停原因" }]);
    expect(await problems({ reason: "   " })).toEqual([
      { path: "body.reason", message: "请填写暂停原因" },
    ]);
    expect(await problems({ reason: "停".repeat(501) })).toEqual([
      { path: "body.reason", message: "暂停原因应为文字，1 到 500 个字" },
    ]);
    const noBody = await h.call("POST", path, { token: admin });
    expect(noBody.status).toBe(400);
    expect((await json<{ errors: unknown[] }>(noBody)).errors).not.toEqual([]);
    expect((await h.engine.schedules.get("till-count", "daily")).paused).toBe(false);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await json<{ paths: Record<string, unknown> }>(
      await h.call("GET", "/api/openapi.json"),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/schedules",
        "/api/schedules/{processKey}/{scheduleKey}/pause",
        "/api/schedules/{processKey}/{scheduleKey}/resume",
        "/api/schedules/{processKey}/{scheduleKey}/audit",
      ]),
    );
  });
});

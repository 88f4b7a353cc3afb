import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

interface TaskJson {
  id: string;
  instanceId: string;
  status: string;
  overdue: boolean;
  form: unknown;
  outcomes: { event: string }[];
  title: string | null;
  assignee: string | null;
}
interface InstanceJson {
  id: string;
  status: string;
  vars: Record<string, unknown>;
  activeStates: { key: string; label: string }[];
  tasks: TaskJson[];
  allowedEvents: string[];
  children: unknown[];
  parent: unknown;
}

let h: ApiHarness;
let admin: string;
let office: string;
let villageA: string;
let villageB: string;
let integration: string;

beforeAll(async () => {
  h = await createApiHarness({ tokenTtlSeconds: 30 * 86400 });
  admin = await h.signIn("admin", ["process-admin", "user-admin"]);
  office = await h.signIn("li", ["safety-office"]);
  villageA = await h.signIn("grid-a", ["village-a"]);
  villageB = await h.signIn("grid-b", ["village-b"]);
  integration = await h.signIn("hotline", ["integration"]);
  const published = await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
  expect(published.status).toBe(201);
});
afterAll(async () => h?.close());

const start = async (village: string, extra: Record<string, unknown> = {}) => {
  const response = await h.call("POST", "/api/instances", {
    token: office,
    body: {
      processKey: "fixture-report",
      businessKey: `R-${village}-${Math.random()}`,
      variables: { title: `隐患 ${village}`, village, reporterPhone: "13900001111", ...extra },
    },
  });
  expect(response.status).toBe(201);
  return json<InstanceJson>(response);
};

const problemStatus = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return response.status;
};

describe("definitions", () => {
  test("list, get, versions; identical publish → same version with 200", async () => {
    const list = await json<{ items: { key: string; latestVersion: number }[] }>(
      await h.call("GET", "/api/definitions", { token: villageA }),
    );
    expect(list.items).toContainEqual(
      expect.objectContaining({ key: "fixture-report", latestVersion: 1 }),
    );
    const got = await json<{ version: number; definition: { name: string } }>(
      await h.call("GET", "/api/definitions/fixture-report?version=1", { token: villageA }),
    );
    expect(got).toMatchObject({ version: 1, definition: { name: "测试上报" } });
    const again = await h.call("POST", "/api/definitions", { token: admin, body: fixtureReport });
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ version: 1, created: false });
    const versions = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/definitions/fixture-report/versions", { token: office }),
    );
    expect(versions.items).toHaveLength(1);
    expect(
      await problemStatus(await h.call("GET", "/api/definitions/no-such-key", { token: office })),
    ).toBe(404);
    expect(
      await problemStatus(
        await h.call("GET", "/api/definitions/fixture-report?version=9", { token: office }),
      ),
    ).toBe(404);
    expect(
      await problemStatus(await h.call("GET", "/api/definitions/BAD KEY", { token: office })),
    ).toBe(400);
    expect(
      await problemStatus(
        await h.call("GET", "/api/definitions/no-such-key/versions", { token: office }),
      ),
    ).toBe(404);
  });

  test("validate lists problems with paths; an invalid publish is 422 with them", async () => {
    const broken = { ...fixtureReport, key: "broken-one", initial: "nowhere" };
    // Validating is for process admins (issue 11: it parses every expression).
    expect(
      await problemStatus(
        await h.call("POST", "/api/definitions/validate", { token: villageA, body: broken }),
      ),
    ).toBe(403);
    const validation = await json<{ valid: boolean; problems: { path: string }[] }>(
      await h.call("POST", "/api/definitions/validate", { token: admin, body: broken }),
    );
    expect(validation.valid).toBe(false);
    expect(validation.problems.length).toBeGreaterThan(0);
    const refused = await h.call("POST", "/api/definitions", { token: admin, body: broken });
    expect(await problemStatus(refused)).toBe(422);
    expect((await json<{ errors: unknown[] }>(refused)).errors.length).toBeGreaterThan(0);
  });

  test("drafts: save (even invalid), read, publish, delete; process-admin only", async () => {
    const draft = { ...fixtureReport, key: "draft-one", name: "草稿" };
    const saved = await h.call("PUT", "/api/definitions/draft-one/draft", {
      token: admin,
      body: { definition: { ...draft, initial: "x" }, layout: { a: 1 } },
    });
    expect(saved.status).toBe(200);
    const savedBody = await json<{ draft: { key: string; layout: unknown }; problems: unknown[] }>(
      saved,
    );
    expect(savedBody.draft).toMatchObject({ key: "draft-one", layout: { a: 1 } });
    expect(savedBody.problems.length).toBeGreaterThan(0);
    expect(
      await problemStatus(
        await h.call("POST", "/api/definitions/draft-one/publish", { token: admin }),
      ),
    ).toBe(422);
    await h.call("PUT", "/api/definitions/draft-one/draft", {
      token: admin,
      body: { definition: draft },
    });
    const read = await json<{ definition: { name: string }; problems: unknown[] }>(
      await h.call("GET", "/api/definitions/draft-one/draft", { token: admin }),
    );
    expect(read).toMatchObject({ definition: { name: "草稿" }, problems: [] });
    const published = await h.call("POST", "/api/definitions/draft-one/publish", { token: admin });
    expect(published.status).toBe(201);
    expect(await json(published)).toMatchObject({ key: "draft-one", version: 1 });
    expect(
      await problemStatus(
        await h.call("GET", "/api/definitions/draft-one/draft", { token: admin }),
      ),
    ).toBe(404);
    expect(
      await problemStatus(
        await h.call("POST", "/api/definitions/draft-one/publish", { token: admin }),
      ),
    ).toBe(404);
    await h.call("PUT", "/api/definitions/draft-one/draft", {
      token: admin,
      body: { definition: draft },
    });
    expect(
      (await h.call("DELETE", "/api/definitions/draft-one/draft", { token: admin })).status,
    ).toBe(204);
  });

  test("a staff member cannot publish, save or read drafts", async () => {
    expect(
      await problemStatus(
        await h.call("POST", "/api/definitions", { token: office, body: fixtureReport }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("PUT", "/api/definitions/fixture-report/draft", {
          token: office,
          body: { definition: {} },
        }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("GET", "/api/definitions/fixture-report/draft", { token: office }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("POST", "/api/definitions/fixture-report/publish", { token: office }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("DELETE", "/api/definitions/fixture-report/draft", { token: office }),
      ),
    ).toBe(403);
  });
});

describe("instances and visibility", () => {
  test("start: 201; bad variables 400 with paths; unknown process 404", async () => {
    const started = await start("a");
    expect(started.activeStates).toEqual([{ key: "verify", label: "现场核实" }]);
    const bad = await h.call("POST", "/api/instances", {
      token: office,
      body: { processKey: "fixture-report", variables: { title: 5 } },
    });
    expect(await problemStatus(bad)).toBe(400);
    expect((await json<{ errors: unknown[] }>(bad)).errors.length).toBeGreaterThan(0);
    const unknown = await h.call("POST", "/api/instances", {
      token: office,
      body: { processKey: "no-such", variables: {} },
    });
    expect(await problemStatus(unknown)).toBe(404);
  });

  test("a village officer sees their village's report and not another village's", async () => {
    const a = await start("a");
    const b = await start("b");
    const listA = await json<{ items: { id: string }[] }>(
      await h.call("GET", "/api/instances?processKey=fixture-report", { token: villageA }),
    );
    expect(listA.items.map((i) => i.id)).toContain(a.id);
    expect(listA.items.map((i) => i.id)).not.toContain(b.id);
    expect((await h.call("GET", `/api/instances/${a.id}`, { token: villageA })).status).toBe(200);
    expect(
      await problemStatus(await h.call("GET", `/api/instances/${b.id}`, { token: villageA })),
    ).toBe(403);
    expect((await h.call("GET", `/api/instances/${b.id}`, { token: villageB })).status).toBe(200);
    expect(
      await problemStatus(await h.call("GET", `/api/instances/${a.id}`, { token: villageB })),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("GET", `/api/instances/${b.id}/history`, { token: villageA }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("GET", `/api/instances/00000000-0000-4000-8000-000000000000`, {
          token: villageA,
        }),
      ),
    ).toBe(404);
    expect(
      await problemStatus(await h.call("GET", `/api/instances/not-a-uuid`, { token: villageA })),
    ).toBe(400);

    const inboxA = await json<{ items: TaskJson[] }>(
      await h.call("GET", "/api/tasks", { token: villageA }),
    );
    expect(inboxA.items.map((t) => t.instanceId)).toContain(a.id);
    expect(inboxA.items.map((t) => t.instanceId)).not.toContain(b.id);
    const taskB = (
      await json<InstanceJson>(await h.call("GET", `/api/instances/${b.id}`, { token: office }))
    ).tasks[0]!;
    expect(
      await problemStatus(await h.call("GET", `/api/tasks/${taskB.id}`, { token: villageA })),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/${taskB.id}/complete`, {
          token: villageA,
          body: { outcome: "VERIFIED", data: { note: "ok" } },
        }),
      ),
    ).toBe(404); // a change to a task one may not read: as if there were none (issue 11)
    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/${taskB.id}/claim`, { token: villageA }),
      ),
    ).toBe(404);
  });

  test("the reporter's phone is shown to the safety office only: instance, list, history, tasks", async () => {
    const a = await start("a");
    const asOffice = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${a.id}`, { token: office }),
    );
    expect(asOffice.vars.reporterPhone).toBe("13900001111");
    const task = asOffice.tasks[0]!;
    // A field the form does not list (here a protected variable) cannot be set by form data.
    const overwrite = await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: villageA,
      body: { outcome: "VERIFIED", data: { note: "属实", reporterPhone: "13700000000" } },
    });
    expect(overwrite.status).toBe(400);
    expect((await json<{ errors: { path: string }[] }>(overwrite)).errors).toEqual([
      expect.objectContaining({ path: "reporterPhone" }),
    ]);
    await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: villageA,
      body: { outcome: "VERIFIED", data: { note: "属实" } },
    });
    const texts = await Promise.all(
      [
        `/api/instances/${a.id}`,
        `/api/instances/${a.id}/history`,
        `/api/instances?processKey=fixture-report`,
        `/api/tasks?status=completed`,
        `/api/tasks/${task.id}`,
      ].map(async (path) => {
        const response = await h.call("GET", path, { token: villageA });
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    for (const text of texts) expect(text).not.toContain("13900001111");
    const detail = await h.call("GET", `/api/instances/${a.id}`, { token: office });
    expect(await detail.text()).toContain("13900001111");
  });

  test("detail: open tasks with form and outcomes; allowed events for integration only", async () => {
    const a = await start("a");
    const detail = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${a.id}`, { token: villageA }),
    );
    expect(detail.tasks).toHaveLength(1);
    expect(detail.tasks[0]).toMatchObject({
      status: "open",
      title: "隐患 a",
      form: { required: ["note"] },
    });
    expect(detail.tasks[0]!.outcomes.map((o) => o.event)).toEqual(["VERIFIED", "REJECT"]);
    expect(detail.allowedEvents).toEqual([]);
    const asIntegration = await json<InstanceJson>(
      await h.call("GET", `/api/instances/${a.id}`, { token: admin }),
    );
    expect(asIntegration.allowedEvents).toEqual(expect.arrayContaining(["VERIFIED", "REJECT"]));
  });

  test("raw events: integration and process-admin only; refused events 422; terminate by process-admin", async () => {
    const a = await start("a");
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/events`, {
          token: office,
          body: { type: "VERIFIED" },
        }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/events`, {
          token: admin,
          body: { type: "NOPE" },
        }),
      ),
    ).toBe(422);
    // Integration may send events only to instances it may read (issue 11): this one it may not.
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/events`, {
          token: integration,
          body: { type: "VERIFIED", data: { note: "ok" } },
        }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/events`, {
          token: admin,
          body: { type: "REJECT", data: { note: "x" } },
        }),
      ),
    ).toBe(422);
    const sent = await h.call("POST", `/api/instances/${a.id}/events`, {
      token: admin,
      body: { type: "VERIFIED", data: { note: "ok" } },
    });
    expect(sent.status).toBe(200);
    expect((await json<InstanceJson>(sent)).activeStates[0]!.key).toBe("review");
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/events`, {
          token: integration,
          body: { data: {} },
        }),
      ),
    ).toBe(400);
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/00000000-0000-4000-8000-000000000000/events`, {
          token: integration,
          body: { type: "X" },
        }),
      ),
    ).toBe(404);

    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/terminate`, {
          token: office,
          body: { reason: "dup" },
        }),
      ),
    ).toBe(403);
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/terminate`, { token: admin, body: {} }),
      ),
    ).toBe(400);
    const ended = await h.call("POST", `/api/instances/${a.id}/terminate`, {
      token: admin,
      body: { reason: "重复上报" },
    });
    expect(await json(ended)).toMatchObject({ status: "terminated" });
    expect(
      await problemStatus(
        await h.call("POST", `/api/instances/${a.id}/terminate`, {
          token: admin,
          body: { reason: "again" },
        }),
      ),
    ).toBe(409);
  });
});

describe("retry", () => {
  test("process-admin may retry an instance's jobs; others 403; unknown 404", async () => {
    const a = await start("a");
    expect(
      await problemStatus(await h.call("POST", `/api/instances/${a.id}/retry`, { token: office })),
    ).toBe(403);
    const retried = await h.call("POST", `/api/instances/${a.id}/retry`, { token: admin });
    expect(retried.status).toBe(200);
    expect(await json(retried)).toMatchObject({ id: a.id, incident: null });
    const missing = await h.call(
      "POST",
      "/api/instances/00000000-0000-4000-8000-000000000000/retry",
      { token: admin },
    );
    expect(await problemStatus(missing)).toBe(404);
  });
});

describe("tasks", () => {
  test("claim, unclaim, delegate, complete; a second claim by another is 409", async () => {
    const a = await start("a");
    const other = await h.signIn("grid-a2", ["village-a"]);
    const task = (
      await json<InstanceJson>(await h.call("GET", `/api/instances/${a.id}`, { token: villageA }))
    ).tasks[0]!;
    const claimed = await h.call("POST", `/api/tasks/${task.id}/claim`, { token: villageA });
    expect(await json(claimed)).toMatchObject({ status: "claimed", assignee: "grid-a" });
    expect(
      await problemStatus(await h.call("POST", `/api/tasks/${task.id}/claim`, { token: other })),
    ).toBe(409);
    const mine = await json<{ items: TaskJson[] }>(
      await h.call("GET", "/api/tasks?mine=true", { token: villageA }),
    );
    expect(mine.items.map((t) => t.id)).toContain(task.id);
    expect(mine.items.every((t) => t.assignee === "grid-a")).toBe(true);
    expect(
      (await h.call("POST", `/api/tasks/${task.id}/unclaim`, { token: villageA })).status,
    ).toBe(200);
    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/${task.id}/delegate`, {
          token: villageA,
          body: { userId: "nobody" },
        }),
      ),
    ).toBe(400);
    const delegated = await h.call("POST", `/api/tasks/${task.id}/delegate`, {
      token: villageA,
      body: { userId: "grid-a2" },
    });
    expect(await json(delegated)).toMatchObject({ assignee: "grid-a2" });

    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/${task.id}/complete`, {
          token: other,
          body: { outcome: "VERIFIED", data: {} },
        }),
      ),
    ).toBe(400);
    const refused = await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: other,
      body: { outcome: "REJECT", data: { note: "no" } },
    });
    expect(await problemStatus(refused)).toBe(422);
    // A guard without a message: the default, naming the outcome.
    expect(await json(refused)).toMatchObject({
      code: "GUARD_REJECTED",
      errors: [{ path: "", message: "当前条件不允许此操作：不属实" }],
    });
    const done = await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: other,
      body: { outcome: "VERIFIED", data: { note: "核实属实" } },
    });
    expect(done.status).toBe(200);
    const result = await json<{ task: TaskJson; instance: { activeStates: { key: string }[] } }>(
      done,
    );
    expect(result.task.status).toBe("completed");
    expect(result.instance.activeStates[0]!.key).toBe("review");
    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/${task.id}/complete`, {
          token: other,
          body: { outcome: "VERIFIED", data: { note: "x" } },
        }),
      ),
    ).toBe(409);
    expect(
      await problemStatus(
        await h.call("POST", `/api/tasks/00000000-0000-4000-8000-000000000000/claim`, {
          token: other,
        }),
      ),
    ).toBe(404);
  });

  test("inbox: overdue filter, process filter, due order and cursor paging", async () => {
    const inbox = await h.signIn("grid-c", ["village-c"]);
    await start("c");
    h.clock.advance("P1D");
    await start("c");
    await start("c");
    h.clock.advance("P2DT12H"); // the first is past its 3 days
    const overdue = await json<{ items: TaskJson[] }>(
      await h.call("GET", "/api/tasks?overdue=true", { token: inbox }),
    );
    expect(overdue.items).toHaveLength(1);
    expect(overdue.items[0]!.overdue).toBe(true);
    const page1 = await json<{ items: (TaskJson & { dueAt: string })[]; nextCursor: string }>(
      await h.call("GET", "/api/tasks?limit=2&processKey=fixture-report", { token: inbox }),
    );
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]!.dueAt <= page1.items[1]!.dueAt).toBe(true);
    const page2 = await json<{ items: TaskJson[]; nextCursor: string | null }>(
      await h.call(
        "GET",
        `/api/tasks?limit=2&processKey=fixture-report&cursor=${encodeURIComponent(page1.nextCursor)}`,
        { token: inbox },
      ),
    );
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const none = await json<{ items: unknown[] }>(
      await h.call("GET", "/api/tasks?processKey=other-process", { token: inbox }),
    );
    expect(none.items).toEqual([]);
    expect(await problemStatus(await h.call("GET", "/api/tasks?limit=0", { token: inbox }))).toBe(
      400,
    );
  });
});

/**
 * Regression (issue 11, finding 7): no free-text field had a `maxLength`, so 10
 * tip-offs of 4.8 MB made `GET /api/instances?limit=50` 106 MB and
 * `GET /api/tasks?limit=50` 53 MB. Now the shipped forms bound every free-text
 * field, the engine caps any string from a user (10,000 characters by default),
 * and lists show a summary of each instance's variables and task data.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadProcesses } from "../../processes/load-processes.js";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let office: string;
let admin: string;
let village: string;

/** fixture-report with a `description` whose schema sets no length. */
const withDescription = {
  ...fixtureReport,
  key: "described-report",
  variables: {
    ...fixtureReport.variables,
    properties: { ...fixtureReport.variables.properties, description: { type: "string" } },
  },
};

type ProblemJson = { status: number; errors?: { path: string; message: string }[] };

beforeAll(async () => {
  h = await createApiHarness();
  await loadProcesses(h.engine);
  office = await h.signIn("office-size", ["safety-office"]);
  admin = await h.signIn("admin-size", ["process-admin"]);
  village = await h.signIn("village-size", ["village-v1"]);
  expect(
    (await h.call("POST", "/api/definitions", { token: admin, body: withDescription })).status,
  ).toBe(201);
});
afterAll(async () => h?.close());

describe("sizes", () => {
  test("every free-text field of the shipped definitions has a maxLength", async () => {
    const unbounded: string[] = [];
    for (const key of [
      "hazard-closure",
      "rectification-escalation",
      "accident-investigation",
      "tip-off-reward",
      "inspection-daily",
      "inspection-weekly",
      "inspection-monthly",
      "inspection-leadership",
    ]) {
      const { definition } = await json<{ definition: Record<string, unknown> }>(
        await h.call("GET", `/api/definitions/${key}`, { token: office }),
      );
      // Every `"type": "string"` without an enum, a pattern or a date format names a maxLength.
      JSON.stringify(definition, (name, value: unknown) => {
        const field = value as Record<string, unknown> | null;
        if (
          field &&
          typeof field === "object" &&
          field.type === "string" &&
          !("maxLength" in field) &&
          !("pattern" in field) &&
          !("enum" in field) &&
          !("oneOf" in field) &&
          !["date", "date-time", "x-file"].includes(String(field.format))
        ) {
          unbounded.push(`${key}: ${name}`);
        }
        return value;
      });
    }
    expect(unbounded).toEqual([]);
  });

  test("a tip-off of 4.8 MB is refused with the field named, not stored", async () => {
    const response = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "tip-off-reward",
        variables: { content: "举".repeat(1_600_000), channel: "12350", village: "v1" },
      },
    });
    expect(response.status).toBe(400);
    expect((await json<ProblemJson>(response)).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "content" })]),
    );
  });

  test("any string over the engine's cap is refused, even where the schema sets no length", async () => {
    const response = await h.call("POST", "/api/instances", {
      token: office,
      body: {
        processKey: "described-report",
        variables: { title: "t", village: "v1", description: "x".repeat(10_001) },
      },
    });
    expect(response.status).toBe(400);
    expect((await json<ProblemJson>(response)).errors).toEqual([
      { path: "description", message: "不能超过 10000 个字符（现有 10001 个）" },
    ]);
  });

  test("lists show a summary of the variables and task data; one instance shows them all", async () => {
    const long = "长".repeat(9_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const started = await h.call("POST", "/api/instances", {
        token: office,
        body: {
          processKey: "described-report",
          variables: { title: `隐患 ${i}`, village: "v1", description: long },
        },
      });
      expect(started.status).toBe(201);
      ids.push((await json<{ id: string }>(started)).id);
    }
    const list = await h.call("GET", "/api/instances?processKey=described-report&limit=50", {
      token: office,
    });
    const text = await list.text();
    expect(text.length).toBeLessThan(20_000);
    const items = (JSON.parse(text) as { items: { vars: Record<string, unknown> }[] }).items;
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(item.vars).toMatchObject({ title: expect.stringMatching(/^隐患 /), village: "v1" });
      expect(item.vars).not.toHaveProperty("description");
    }
    const one = await json<{ vars: Record<string, unknown> }>(
      await h.call("GET", `/api/instances/${ids[0]}`, { token: office }),
    );
    expect(one.vars.description).toBe(long);

    // Task data: a long note is in the task, not in the inbox list.
    const tasks = await json<{ items: { id: string; instanceId: string }[] }>(
      await h.call("GET", "/api/tasks?processKey=described-report", { token: village }),
    );
    const task = tasks.items.find((t) => t.instanceId === ids[0])!;
    const done = await h.call("POST", `/api/tasks/${task.id}/complete`, {
      token: village,
      body: { outcome: "VERIFIED", data: { note: long } },
    });
    expect(done.status).toBe(200);
    const completed = await json<{ items: { id: string; data: Record<string, unknown> }[] }>(
      await h.call("GET", "/api/tasks?status=completed&processKey=described-report", {
        token: village,
      }),
    );
    expect(completed.items.find((t) => t.id === task.id)?.data).toEqual({});
    const single = await json<{ data: Record<string, unknown> }>(
      await h.call("GET", `/api/tasks/${task.id}`, { token: village }),
    );
    expect(single.data.note).toBe(long);
  });
});

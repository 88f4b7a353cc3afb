/**
 * 会签 over HTTP: each department's inbox holds its own sub-task, the instance shows
 * each vote (who, outcome, when) while the round is under way, and the history keeps
 * every vote once the outcome fired; a second vote by the same person is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiHarness, json, type ApiHarness } from "./api-harness.js";

interface TaskJson {
  id: string;
  name: string;
  candidateGroups: string[];
}

let h: ApiHarness;
let admin: string;
let office: string;
let dept: string;

beforeAll(async () => {
  h = await createApiHarness({ start: "2026-03-02T09:00:00+08:00" });
  admin = await h.signIn("root", ["process-admin"]);
  office = await h.signIn("sun", ["safety-office"]);
  dept = await h.signIn("zhao", ["sector-dept"]);
  const published = await h.call("POST", "/api/definitions", {
    token: admin,
    body: {
      key: "plan-review",
      name: "方案会审",
      visibility: ["safety-office", "sector-dept"],
      initial: "review",
      states: {
        review: {
          label: "方案审核",
          task: {
            name: "审核方案",
            each: { groups: ["safety-office", "sector-dept"] },
            complete: "all",
            form: { type: "object", properties: { opinion: { type: "string" } } },
            outcomes: [
              { event: "APPROVE", label: "同意" },
              { event: "REJECT", label: "退回" },
            ],
          },
          on: { APPROVE: "approved", REJECT: "rejected" },
        },
        approved: { type: "final" },
        rejected: { type: "final" },
      },
    },
  });
  expect(published.status, await published.clone().text()).toBe(201);
});
afterAll(async () => h?.close());

const inbox = async (token: string) =>
  (await json<{ items: TaskJson[] }>(await h.call("GET", "/api/tasks", { token }))).items;

describe("会签 through the API", () => {
  test("each department votes on its own sub-task; the instance shows the votes", async () => {
    const started = await h.call("POST", "/api/instances", {
      token: office,
      body: { processKey: "plan-review", variables: {} },
    });
    const { id } = await json<{ id: string }>(started);
    const [mine] = await inbox(office);
    const [theirs] = await inbox(dept);
    expect([mine?.candidateGroups, theirs?.candidateGroups]).toEqual([
      ["safety-office"],
      ["sector-dept"],
    ]);

    const voted = await h.call("POST", `/api/tasks/${mine!.id}/complete`, {
      token: office,
      body: { outcome: "APPROVE", data: { opinion: "同意" } },
    });
    expect(voted.status).toBe(200);
    const detail = await json<{ ballots: unknown[]; activeStates: { key: string }[] }>(
      await h.call("GET", `/api/instances/${id}`, { token: dept }),
    );
    expect(detail.activeStates.map((s) => s.key)).toEqual(["review"]);
    expect(detail.ballots).toEqual([
      {
        state: "review",
        taskId: mine!.id,
        group: "safety-office",
        user: null,
        outcome: "APPROVE",
        by: "sun",
        at: "2026-03-02T01:00:00.000Z",
      },
      {
        state: "review",
        taskId: theirs!.id,
        group: "sector-dept",
        user: null,
        outcome: null,
        by: null,
        at: null,
      },
    ]);

    h.clock.advance("PT2H");
    const decided = await h.call("POST", `/api/tasks/${theirs!.id}/complete`, {
      token: dept,
      body: { outcome: "APPROVE" },
    });
    expect(decided.status).toBe(200);
    const after = await json<{ ballots: unknown[]; status: string }>(
      await h.call("GET", `/api/instances/${id}`, { token: office }),
    );
    expect(after).toMatchObject({ status: "completed", ballots: [] });
    const history = await json<{ items: { kind: string; event: string; data: unknown }[] }>(
      await h.call("GET", `/api/instances/${id}/history`, { token: office }),
    );
    expect(history.items.map((e) => [e.kind, e.event])).toEqual([
      ["start", null],
      ["vote", "APPROVE"],
      ["event", "APPROVE"],
    ]);
    expect(history.items[2]!.data).toMatchObject({
      votes: [
        { outcome: "APPROVE", by: "sun", group: "safety-office", at: "2026-03-02T01:00:00.000Z" },
        { outcome: "APPROVE", by: "zhao", group: "sector-dept", at: "2026-03-02T03:00:00.000Z" },
      ],
    });
  });

  test("a person in both departments votes once (403), and nothing changes", async () => {
    const both = await h.signIn("li", ["safety-office", "sector-dept"]);
    const started = await h.call("POST", "/api/instances", {
      token: both,
      body: { processKey: "plan-review", variables: {} },
    });
    const { id } = await json<{ id: string }>(started);
    const tasks = (await inbox(both)).filter((t) => t.name === "审核方案");
    expect(tasks).toHaveLength(2);
    const first = await h.call("POST", `/api/tasks/${tasks[0]!.id}/complete`, {
      token: both,
      body: { outcome: "APPROVE" },
    });
    expect(first.status).toBe(200);
    const second = await h.call("POST", `/api/tasks/${tasks[1]!.id}/complete`, {
      token: both,
      body: { outcome: "APPROVE" },
    });
    expect(second.status).toBe(403);
    const detail = await json<{ activeStates: { key: string }[] }>(
      await h.call("GET", `/api/instances/${id}`, { token: both }),
    );
    expect(detail.activeStates.map((s) => s.key)).toEqual(["review"]);
  });
});

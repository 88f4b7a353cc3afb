/**
 * Rules with messages (issue 14, finding 1): a guard written
 * `{ expr, message, field }` refuses with its Chinese message at its field, as
 * a 422 whose `errors` have the shape of a 400's schema errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiHarness, fixtureReport, json, type ApiHarness } from "./api-harness.js";

interface Refusal {
  status: number;
  code: string;
  errors: { path: string; message: string }[];
}

const judged = {
  key: "guarded-judgement",
  name: "带提示的判定",
  variables: {
    type: "object",
    required: ["title", "limit"],
    properties: { title: { type: "string" }, limit: { type: "integer" } },
  },
  visibility: ["safety-office"],
  initial: "judge",
  states: {
    judge: {
      label: "判定",
      task: {
        name: "隐患判定",
        description: "确认为重大事故隐患须写明判定依据",
        candidateGroups: ["safety-office"],
        form: {
          type: "object",
          properties: { basis: { type: "string" }, amount: { type: "integer" } },
        },
        outcomes: [
          { event: "CONFIRM", label: "确认" },
          { event: "FINE", label: "罚款" },
        ],
      },
      on: {
        CONFIRM: {
          target: "done",
          guard: {
            expr: "string length(event.data.basis) > 0",
            message: "须填写判定依据",
            field: "basis",
          },
        },
        FINE: {
          target: "done",
          guard: {
            expr: "event.data.amount <= vars.limit",
            message: '="罚款金额不得超过 " + string(vars.limit) + " 元"',
            field: "amount",
          },
        },
      },
    },
    done: { type: "final", label: "完成" },
  },
};

let h: ApiHarness;
let admin: string;
let office: string;

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.signIn("admin", ["process-admin"]);
  office = await h.signIn("li", ["safety-office"]);
  const published = await h.call("POST", "/api/definitions", { token: admin, body: judged });
  expect(published.status).toBe(201);
});
afterAll(async () => h?.close());

async function openTask(): Promise<{ instanceId: string; taskId: string }> {
  const started = await h.call("POST", "/api/instances", {
    token: office,
    body: { processKey: judged.key, variables: { title: "泄爆装置缺失", limit: 5000 } },
  });
  expect(started.status).toBe(201);
  const { id } = await json<{ id: string }>(started);
  const instance = await json<{ id: string; tasks: { id: string }[] }>(
    await h.call("GET", `/api/instances/${id}`, { token: office }),
  );
  return { instanceId: instance.id, taskId: instance.tasks[0]!.id };
}

async function complete(taskId: string, outcome: string, data: Record<string, unknown>) {
  return h.call("POST", `/api/tasks/${taskId}/complete`, {
    token: office,
    body: { outcome, data },
  });
}

describe("guard messages", () => {
  test("a refused completion is 422 with the guard's message at its field; the task stays open", async () => {
    const { taskId } = await openTask();
    const refused = await complete(taskId, "CONFIRM", { basis: "" });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await json<Refusal>(refused)).toMatchObject({
      status: 422,
      code: "GUARD_REJECTED",
      errors: [{ path: "basis", message: "须填写判定依据" }],
    });
    const task = await json<{ status: string; description: string | null }>(
      await h.call("GET", `/api/tasks/${taskId}`, { token: office }),
    );
    expect(task.status).not.toBe("completed");
    expect(task.description).toBe("确认为重大事故隐患须写明判定依据");
    expect((await complete(taskId, "CONFIRM", { basis: "GB 15603" })).status).toBe(200);
  });

  test("a message starting with = is FEEL, evaluated with the case's variables", async () => {
    const { taskId } = await openTask();
    const refused = await json<Refusal>(await complete(taskId, "FINE", { amount: 8000 }));
    expect(refused.errors).toEqual([{ path: "amount", message: "罚款金额不得超过 5000 元" }]);
    expect((await complete(taskId, "FINE", { amount: 3000 })).status).toBe(200);
  });

  test("a refused event sent to the instance carries the same errors", async () => {
    const { instanceId } = await openTask();
    const refused = await h.call("POST", `/api/instances/${instanceId}/events`, {
      token: admin,
      body: { type: "CONFIRM", data: { basis: "" } },
    });
    expect(refused.status).toBe(422);
    expect((await json<Refusal>(refused)).errors).toEqual([
      { path: "basis", message: "须填写判定依据" },
    ]);
  });

  test("validation names a guard object's problems in Chinese", async () => {
    const broken = {
      ...fixtureReport,
      key: "guarded-broken",
      states: {
        ...fixtureReport.states,
        verify: {
          ...fixtureReport.states.verify,
          on: {
            VERIFIED: "review",
            REJECT: {
              target: "closed",
              guard: { expr: "string length(event.data.note) > 3", message: "", field: "1note" },
            },
          },
        },
      },
    };
    const validation = await json<{
      valid: boolean;
      problems: { path: string; message: string }[];
    }>(await h.call("POST", "/api/definitions/validate", { token: admin, body: broken }));
    expect(validation.valid).toBe(false);
    const messages = validation.problems.map((p) => `${p.path} ${p.message}`).join("\n");
    expect(messages).toContain("提示信息不能为空");
    expect(messages).toContain("不是合法的字段名");
  });
});

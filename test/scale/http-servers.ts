/**
 * HTTP servers for the fault tests: `startServer` on a test database with the
 * API role only, an `admin` whose password is known, a fixture process whose
 * tasks admins can complete, and a read of those tasks' outcome.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { expect } from "vitest";
import { startServer, type RunningServer } from "../../api/server.js";
import type { Engine } from "../../engine/engine.js";

export const ADMIN_PASSWORD = "scale-admin-pass-1";

/** A one-task process: an admin completes `DONE` and the instance ends. */
export const approvalFixture = {
  key: "scale-approval",
  name: "Scale test approval",
  initial: "waiting",
  states: {
    waiting: {
      task: {
        name: "Approve",
        candidateGroups: ["process-admin"],
        outcomes: [{ event: "DONE", label: "Done" }],
      },
      on: { DONE: "done" },
    },
    done: { type: "final" },
  },
};

/** `role: "all"` runs the worker in the same process as well. */
export async function startApiServer(
  database: string,
  { role = "api" }: { role?: "api" | "all" } = {},
): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "zhiben-scale-"));
  const server = await startServer({
    port: 0,
    hostname: "127.0.0.1",
    database,
    role,
    seed: false,
    quiet: true,
    adminPassword: ADMIN_PASSWORD,
    jwtSecret: "scale-tests-secret-of-at-least-32-characters",
    dataDir,
  });
  return {
    ...server,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function completeTask(
  baseUrl: string,
  token: string,
  taskId: string,
  idempotencyKey?: string,
): Promise<{ status: number; contentType: string; body: string }> {
  const response = await fetch(`${baseUrl}/api/tasks/${taskId}/complete`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: JSON.stringify({ outcome: "DONE", data: {} }),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}

/** Starts `count` fixture instances; returns their open tasks' ids. */
export async function openTasks(engine: Engine, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const instance = await engine.instances.start("scale-approval", {});
    const { items } = await engine.tasks.list({ instanceId: instance.id });
    ids.push(items[0]!.id);
  }
  return ids;
}

export interface TaskState {
  status: string;
  /** `DONE` rows in the instance's history. */
  completions: number;
}

/** Each task's status and completions, read on a connection of the caller's own. */
export async function taskStates(
  databaseUrl: string,
  taskIds: string[],
): Promise<Map<string, TaskState>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; status: string; completions: number }[]>`
      select t.id, t.status,
        (select count(*)::int from history h
          where h.instance_id = t.instance_id and h.event = 'DONE') as completions
      from tasks t where t.id = any(${taskIds}::uuid[])`;
    return new Map(rows.map((r) => [r.id, { status: r.status, completions: r.completions }]));
  } finally {
    await sql.end();
  }
}

export interface CompletionAnswer {
  taskId: string;
  status: number;
  contentType: string;
  body: string;
}

/**
 * Each completion was applied once (200) or refused cleanly (a 503 problem, the task
 * still open, no history row); returns the refused tasks.
 */
export async function expectAppliedOrRefused(
  databaseUrl: string,
  answers: CompletionAnswer[],
): Promise<string[]> {
  const states = await taskStates(
    databaseUrl,
    answers.map((a) => a.taskId),
  );
  const refused: string[] = [];
  for (const answer of answers) {
    const state = states.get(answer.taskId);
    if (answer.status === 200) {
      expect(state, answer.body).toEqual({ completions: 1, status: "completed" });
    } else {
      expect(answer.status, answer.body).toBe(503);
      expect(answer.contentType).toMatch(/application\/problem\+json/);
      expect(state, answer.body).toEqual({ completions: 0, status: "open" });
      refused.push(answer.taskId);
    }
  }
  return refused;
}

/** The refused completions go through when sent again, each applied once. */
export async function expectRetriesApplied(
  baseUrl: string,
  token: string,
  databaseUrl: string,
  refused: string[],
): Promise<void> {
  for (const taskId of refused) {
    const again = await completeTask(baseUrl, token, taskId);
    expect(again.status, again.body).toBe(200);
  }
  const after = await taskStates(databaseUrl, refused);
  for (const taskId of refused)
    expect(after.get(taskId)).toEqual({ completions: 1, status: "completed" });
}

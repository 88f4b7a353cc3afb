import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../engine/engine.js";
import { createEngine } from "../engine/index.js";
import { validateDefinition } from "../engine/definition/validate.js";
import { createTestDatabase, type TestDatabase } from "../test/support/test-database.js";
import { findProcessesDir, inDependencyOrder, loadProcesses } from "./load-processes.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const keys = [
  "hazard-closure",
  "rectification-escalation",
  "accident-investigation",
  "tip-off-reward",
  "inspection-daily",
  "inspection-weekly",
  "inspection-monthly",
  "inspection-leadership",
];

let database: TestDatabase;
let engine: Engine;
beforeAll(async () => {
  database = await createTestDatabase();
  engine = await createEngine({ database: database.url });
});
afterAll(async () => {
  await engine.close();
  await database.drop();
});

describe("the process files", () => {
  it.each(keys)("%s validates with no problems", async (key) => {
    const json = JSON.parse(await readFile(path.join(here, `${key}.json`), "utf8")) as unknown;
    const result = validateDefinition(json, { isPublished: (k) => keys.includes(k) });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe("loadProcesses", () => {
  it("finds the processes folder from anywhere inside the package", () => {
    expect(findProcessesDir(path.join(here, "..", "dist", "engine"))).toBe(here);
    expect(findProcessesDir()).toBe(here);
  });

  it("orders a process after the ones it starts", () => {
    const a = { key: "a", states: { s: { entry: [{ type: "startProcess", key: "b" }] } } };
    const b = { key: "b", on: { X: { actions: [{ type: "startProcess", key: "c" }] } } };
    const c = { key: "c", states: {} };
    expect(inDependencyOrder([a, b, c]).map((d) => (d as { key: string }).key)).toEqual([
      "c",
      "b",
      "a",
    ]);
  });

  it("publishes every file once, in dependency order, and leaves unchanged ones alone", async () => {
    const first = await loadProcesses(engine);
    expect(first.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(first.every((r) => r.created && r.version === 1)).toBe(true);
    const position = (key: string) => first.findIndex((r) => r.key === key);
    expect(position("rectification-escalation")).toBeLessThan(position("hazard-closure"));
    expect(position("hazard-closure")).toBeLessThan(position("tip-off-reward"));

    const second = await loadProcesses(engine);
    expect(second.every((r) => !r.created && r.version === 1)).toBe(true);
    expect((await engine.definitions.list()).map((d) => d.latestVersion)).toEqual(
      keys.map(() => 1),
    );
  });

  it("publishes a changed file as version 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "zhiben-processes-"));
    try {
      for (const name of (await readdir(here)).filter((n) => n.endsWith(".json"))) {
        await writeFile(path.join(dir, name), await readFile(path.join(here, name)));
      }
      const file = path.join(dir, "rectification-escalation.json");
      const changed = JSON.parse(await readFile(file, "utf8")) as {
        states: { afterLetter: { after: { delay: string }[] } };
      };
      changed.states.afterLetter.after[0]!.delay = "P10D"; // a township that waits 10 days
      await writeFile(file, JSON.stringify(changed));

      const results = await loadProcesses(engine, {
        dir,
        actor: { id: "admin", groups: ["process-admin"] },
      });
      const escalation = results.find((r) => r.key === "rectification-escalation");
      expect(escalation).toEqual({ key: "rectification-escalation", version: 2, created: true });
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const published = await engine.definitions.get("rectification-escalation");
      expect(published.version).toBe(2);
      expect(published.createdBy).toBe("admin");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

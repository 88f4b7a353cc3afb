/** An engine on a fresh test database with a manual clock; `close()` also drops the database. */
import {
  createEngine,
  createManualClock,
  type EngineOptions,
  type ManualClock,
} from "../../engine/index.js";
import type { Engine } from "../../engine/engine.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

export interface TestEngine {
  engine: Engine;
  clock: ManualClock;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function openTestEngine(
  options: Omit<EngineOptions, "database" | "clock"> & { start?: string } = {},
): Promise<TestEngine> {
  const database = await createTestDatabase();
  const clock = createManualClock(options.start ?? "2024-09-27T10:00:00+08:00");
  const engine = await createEngine({ ...options, database: database.url, clock });
  return {
    engine,
    clock,
    database,
    async close() {
      await engine.close();
      await database.drop();
    },
  };
}

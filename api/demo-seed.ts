/**
 * The demo on an empty database: the demo users and data from `processes/seed-demo`.
 */
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import { demoUsers, seedDemo } from "../processes/seed-demo.js";
import type { UserStore } from "./auth/user-store.js";

export interface DemoLogin {
  username: string;
  password: string;
  groups: string[];
}

export async function seedDemoData(
  engine: Engine,
  users: UserStore,
  logger: Logger,
): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const user of demoUsers) {
    if (!(await users.find(user.username))) {
      await users.create({ ...user, orgUnit: user.orgUnit ?? null });
    }
    logins.push({ username: user.username, password: user.password, groups: user.groups });
  }
  const { instances } = await seedDemo(engine);
  logger.info({ instances }, "demo data created");
  return logins;
}

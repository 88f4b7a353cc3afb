/**
 * The demo on an empty database: the demo users and data from `processes/seed-demo`.
 */
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import { ConflictError } from "../engine/errors.js";
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
      // Another server starting at the same moment may have created it: that is fine.
      await users.create({ ...user, orgUnit: user.orgUnit ?? null }).catch((error: unknown) => {
        if (!(error instanceof ConflictError)) throw error;
      });
    }
    logins.push({ username: user.username, password: user.password, groups: user.groups });
  }
  const { instances } = await seedDemo(engine);
  logger.info({ instances }, "demo data created");
  return logins;
}

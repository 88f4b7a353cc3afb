/**
 * The demo on an empty database: the demo users and data from `processes/seed-demo`.
 */
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { UserStore } from "./auth/user-store.js";

export interface DemoLogin {
  username: string;
  password: string;
  groups: string[];
}

interface DemoUser extends DemoLogin {
  name: string;
  orgUnit?: string;
}

interface SeedModule {
  demoUsers: DemoUser[];
  seedDemo(engine: Engine): Promise<unknown>;
}

async function loadSeedModule(): Promise<SeedModule | null> {
  // Resolved at run time: the seed lives with the processes, beside this package's api/.
  const specifier = new URL("../processes/seed-demo.js", import.meta.url).href;
  try {
    return (await import(specifier)) as SeedModule;
  } catch {
    return null;
  }
}

export async function seedDemoData(
  engine: Engine,
  users: UserStore,
  logger: Logger,
): Promise<DemoLogin[]> {
  const seed = await loadSeedModule();
  if (!seed) {
    logger.warn("no demo seed found (processes/seed-demo)");
    return [];
  }
  const logins: DemoLogin[] = [];
  for (const user of seed.demoUsers) {
    if (!(await users.find(user.username))) {
      await users.create({ ...user, orgUnit: user.orgUnit ?? null });
    }
    logins.push({ username: user.username, password: user.password, groups: user.groups });
  }
  await seed.seedDemo(engine);
  return logins;
}

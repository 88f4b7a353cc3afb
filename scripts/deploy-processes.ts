/**
 * Publishes the definitions in `processes/` whose content changed since their
 * latest version, for a database the server does not own.
 *
 *   DATABASE_URL=postgres://… npm run deploy-processes
 *
 * Without DATABASE_URL it uses the default embedded PGlite (ZHIBEN_DATA_DIR or ./data).
 */
import { createEngine } from "../engine/index.js";
import { loadProcesses } from "../processes/load-processes.js";

const engine = await createEngine({ database: process.env.DATABASE_URL || undefined });
try {
  const results = await loadProcesses(engine, {
    actor: { id: "deploy-processes", groups: ["process-admin"] },
  });
  for (const { key, version, created } of results) {
    console.log(`${created ? "published" : "unchanged"}  ${key}  v${version}`);
  }
  const changed = results.filter((r) => r.created).length;
  console.log(changed === 0 ? "Nothing to publish." : `Published ${changed} new version(s).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  const problems = (error as { problems?: { path: string; message: string }[] }).problems ?? [];
  for (const problem of problems) console.error(`  ${problem.path}: ${problem.message}`);
  process.exitCode = 1;
} finally {
  await engine.close();
}

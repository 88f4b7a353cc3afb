/**
 * `npm start`: the server, configured from the environment (PORT, HOST, DATABASE_URL,
 * ZHIBEN_DATA_DIR, ZHIBEN_JWT_SECRET, ZHIBEN_ADMIN_PASSWORD, ZHIBEN_SEED=0, ZHIBEN_ROLE, ZHIBEN_TRUST_PROXY=1;
 * the engine reads ZHIBEN_RETENTION_DAYS).
 * Ctrl-C or SIGTERM stops it cleanly: the worker finishes its job, the database closes.
 */
import { startServer, type RunningServer } from "./server.js";

const roles = ["all", "api", "worker"] as const;
type Role = (typeof roles)[number];

function roleFromEnv(value: string | undefined): Role {
  if (!value) return "all";
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new Error(`ZHIBEN_ROLE must be one of ${roles.join(", ")}, not ${JSON.stringify(value)}`);
}

let server: RunningServer | null = null;
let stopping = false;

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  // A signal during start-up is handled once the server is up, so the database still closes cleanly.
  if (!server) return;
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`error while stopping: ${String(error)}\n`);
    process.exit(1);
  }
}

process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

try {
  server = await startServer({
    port: Number(process.env.PORT ?? 3000),
    // Unset: every interface. HOST=127.0.0.1 keeps the API on this machine, behind a proxy.
    hostname: process.env.HOST || undefined,
    role: roleFromEnv(process.env.ZHIBEN_ROLE),
    seed: process.env.ZHIBEN_SEED !== "0",
  });
  if (stopping) {
    stopping = false;
    await stop("stop requested during start-up");
  }
} catch (error) {
  process.stderr.write(
    `Zhiben could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
}

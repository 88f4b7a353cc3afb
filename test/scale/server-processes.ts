/**
 * Zhiben servers as separate operating-system processes (`api/main.ts` with
 * `ZHIBEN_ROLE=api`, what a deployment runs), each on a free loopback port,
 * started and answering `/healthz` before this returns.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_PASSWORD } from "./http-servers.js";

const JWT_SECRET = "scale-processes-secret-of-at-least-32-characters";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
}

export interface ServerProcesses {
  servers: ServerProcess[];
  /** SIGTERM to each, waits for their exits, removes their data directory. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startServerProcesses(
  count: number,
  databaseUrl: string,
  { startupMs = 60_000 }: { startupMs?: number } = {},
): Promise<ServerProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), "zhiben-server-processes-"));
  const servers: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(
      servers.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }),
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      // BENCH_SERVER_PROFILE=<dir>: each server writes a CPU profile there when it stops.
      const profile = process.env.BENCH_SERVER_PROFILE;
      const flags = profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : [];
      const child = spawn(process.execPath, [...flags, "--import", "tsx", "api/main.ts"], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          DATABASE_URL: databaseUrl,
          ZHIBEN_ROLE: "api",
          ZHIBEN_SEED: "0",
          ZHIBEN_ADMIN_PASSWORD: ADMIN_PASSWORD,
          ZHIBEN_JWT_SECRET: JWT_SECRET,
          ZHIBEN_DATA_DIR: dataDir,
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      servers.push({ url: `http://127.0.0.1:${port}`, child });
    }
    const deadline = Date.now() + startupMs;
    for (const server of servers) {
      for (;;) {
        if (server.child.exitCode !== null)
          throw new Error(`${server.url} exited with ${server.child.exitCode} while starting`);
        try {
          if ((await fetch(`${server.url}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline)
          throw new Error(`${server.url} did not start in ${startupMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}

/**
 * Starts worker processes (test/scale/worker-process.ts) and waits until each
 * is connected, so that process start-up never counts in a measurement.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./worker-process.ts", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  go(): void;
  /** Asks the worker to stop and waits for its exit. */
  stop(): Promise<void>;
  /** Waits for the process to end (after a stop or a kill). */
  exited: Promise<number | null>;
  /** Asks the process what its working calendar says of the year. */
  calendarComplete(year: number): Promise<boolean>;
}

export async function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  // BENCH_WORKER_PROFILE=<dir>: each worker writes a CPU profile there when it exits.
  const profile = process.env.BENCH_WORKER_PROFILE;
  const flags = profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : [];
  const child = spawn(process.execPath, [...flags, "--import", "tsx", script], {
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n")) {
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`worker process exited with ${code} before it was ready`)),
    );
  });
  return {
    child,
    exited,
    go: () => child.stdin?.write("go\n"),
    calendarComplete: (year) =>
      new Promise<boolean>((resolve) => {
        let output = "";
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const answer = new RegExp(`calendar ${year} (complete|incomplete)\n`).exec(output);
          if (!answer) return;
          child.stdout?.off("data", onData);
          resolve(answer[1] === "complete");
        };
        child.stdout?.on("data", onData);
        child.stdin?.write(`calendar ${year}\n`);
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.stdin?.write("stop\n");
      await exited;
    },
  };
}

export async function startWorkerProcesses(
  count: number,
  databaseUrl: string,
  env: Record<string, string> = {},
) {
  return Promise.all(Array.from({ length: count }, () => startWorkerProcess(databaseUrl, env)));
}

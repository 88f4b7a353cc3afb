/**
 * Builds the web app (designer/dist) before browser tests when it is missing or older
 * than its sources. Test files may run at once: a lock directory lets one build.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const designerDir = path.join(repoRoot, "designer");
const builtIndex = path.join(designerDir, "dist", "index.html");
const lockDir = path.join(tmpdir(), "zhiben-web-build.lock");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  if (!existsSync(builtIndex)) return false;
  const sources = Math.max(
    newestSource(path.join(designerDir, "src")),
    statSync(path.join(designerDir, "index.html")).mtimeMs,
    statSync(path.join(designerDir, "vite.config.ts")).mtimeMs,
  );
  return statSync(builtIndex).mtimeMs >= sources;
}

export async function ensureWebBuilt(): Promise<void> {
  for (let waited = 0; !isFresh(); waited += 500) {
    try {
      mkdirSync(lockDir);
    } catch {
      // Another test file is building; a lock older than 5 minutes is left from a crash.
      if (Date.now() - statSync(lockDir).mtimeMs > 300_000)
        rmSync(lockDir, { recursive: true, force: true });
      if (waited > 300_000) throw new Error("timed out waiting for the web build");
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (!isFresh()) execFileSync("npm", ["run", "build:web"], { cwd: repoRoot, stdio: "pipe" });
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
}

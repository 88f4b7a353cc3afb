/**
 * Whether the installed postgres.js fails a transaction at COMMIT when a statement
 * it did not wait for failed (scripts/patch-postgres.mjs, its seventh change, which
 * npm runs after every install). Only then may a change's write leave with COMMIT
 * unawaited: PostgreSQL answers COMMIT after a failed statement with a silent
 * ROLLBACK, and an unpatched postgres.js would report the change as done. When a
 * newer postgres.js no longer takes the patch, writes are waited for again (one
 * round trip more, nothing lost).
 *
 * @example
 * ```ts
 * const deferWrites = failsAtCommit();
 * ```
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The comment the patch leaves in postgres.js (COMMIT_MARKER in scripts/patch-postgres.mjs). */
const COMMIT_MARKER = "/* zhiben: fail at COMMIT when an unawaited statement failed */";

export function failsAtCommit(): boolean {
  try {
    // "postgres" resolves to <root>/cjs/src/index.js for require; imports load <root>/src/index.js.
    const required = createRequire(import.meta.url).resolve("postgres");
    const imported = join(dirname(required), "..", "..", "src", "index.js");
    return [required, imported]
      .filter((file) => existsSync(file))
      .every((file) => readFileSync(file, "utf8").includes(COMMIT_MARKER));
  } catch {
    return false;
  }
}

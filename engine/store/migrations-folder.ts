import { fileURLToPath } from "node:url";

/** The shipped migrations, beside this file in the source tree and in `dist/` alike. */
export function migrationsFolder(): string {
  return fileURLToPath(new URL("./migrations", import.meta.url));
}

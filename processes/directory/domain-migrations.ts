import { fileURLToPath } from "node:url";
import type { MigrationFolder } from "../../engine/store/database.js";

/** The directory's migrations (beside this file in the source tree and in `dist/`), with their own bookkeeping table. */
export const DOMAIN_MIGRATIONS: MigrationFolder = {
  migrationsFolder: fileURLToPath(new URL("./migrations", import.meta.url)),
  migrationsTable: "zhiben_domain_migrations",
};

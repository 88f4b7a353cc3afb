import { defineConfig } from "drizzle-kit";

/** The domain module's own tables (directory, inspection settings, ranking counts, township settings) and migrations, apart from the engine's. */
export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./processes/directory/directory-schema.ts",
    "./processes/inspection/inspection-schema.ts",
    "./processes/ranking/ranking-schema.ts",
    "./processes/settings/township-settings-schema.ts",
  ],
  out: "./processes/directory/migrations",
  migrations: { table: "zhiben_domain_migrations" },
});

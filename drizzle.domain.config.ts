import { defineConfig } from "drizzle-kit";

/** The domain module's own tables and migrations (processes/directory), apart from the engine's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./processes/directory/directory-schema.ts",
  out: "./processes/directory/migrations",
  migrations: { table: "zhiben_domain_migrations" },
});

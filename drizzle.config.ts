import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./engine/store/schema.ts",
  out: "./engine/store/migrations",
});

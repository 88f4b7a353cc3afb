/** `npm run test:faults`: fault tests that do not pass yet and so stay out of `npm test`. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/scale/**/*.fault.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

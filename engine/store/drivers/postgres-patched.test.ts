import { describe, expect, it } from "vitest";
import { failsAtCommit } from "./postgres-patched.js";

describe("failsAtCommit", () => {
  it("finds the patch that npm install applied to postgres.js (scripts/patch-postgres.mjs)", () => {
    expect(failsAtCommit()).toBe(true);
  });
});

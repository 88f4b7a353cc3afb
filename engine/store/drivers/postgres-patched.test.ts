import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { failsAtCommit } from "./postgres-patched.js";

const require = createRequire(import.meta.url);
/** postgres.js's CommonJS sources (`postgres` resolves to cjs/src/index.js for require). */
const sources = dirname(require.resolve("postgres"));

describe("failsAtCommit", () => {
  it("finds the patch that npm install applied to postgres.js (scripts/patch-postgres.mjs)", () => {
    expect(failsAtCommit()).toBe(true);
  });
});

describe("postgres.js's Result and Query (scripts/patch-postgres.mjs, the ninth change)", () => {
  it("name their species with a data property in both module formats", () => {
    for (const file of ["result.js", "query.js"])
      for (const dir of [sources, join(sources, "..", "..", "src")])
        expect(readFileSync(join(dir, file), "utf8"), join(dir, file)).toContain(
          "/* zhiben: species as a data property */",
        );
  });

  it("still make plain arrays and promises from map and then", () => {
    const Result = require(join(sources, "result.js")) as new () => unknown[];
    const { Query } = require(join(sources, "query.js")) as {
      Query: new (...args: unknown[]) => Promise<unknown>;
    };
    const rows = new Result();
    rows.push(1, 2);
    const doubled = rows.map((n) => (n as number) * 2);
    expect(doubled).toEqual([2, 4]);
    expect(doubled.constructor).toBe(Array);
    // Its handler would send it; this one leaves it pending.
    const query = new Query(
      ["select 1"],
      [],
      Object.assign(() => {}, { debug: false }),
      null,
    );
    const next = query.then(() => "done");
    expect(next.constructor).toBe(Promise);
  });

  it("are optimized by V8 once and for all, not compiled and thrown away again and again", () => {
    // A child process builds both as postgres.js does, with V8's optimization trace on.
    const script = `
      const { join } = require("node:path");
      const Result = require(join(${JSON.stringify(sources)}, "result.js"));
      const { Query } = require(join(${JSON.stringify(sources)}, "query.js"));
      const handler = Object.assign(() => {}, { debug: false });
      let keep = [];
      for (let i = 0; i < 300000; i++) {
        const rows = new Result();
        rows.push(i);
        rows.count = i; rows.command = "SELECT"; rows.columns = [];
        const query = new Query(["select ", ""], [i], handler, null);
        keep.push(rows, query);
        if (keep.length > 100) keep = [];
      }`;
    const trace = execFileSync(process.execPath, ["--trace-opt", "-e", script], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const count = (pattern: RegExp) =>
      trace.split("\n").filter((line) => pattern.test(line)).length;
    for (const name of ["Result", "Query"]) {
      expect(
        count(new RegExp(`completed optimizing .*<JSFunction ${name} `)),
        name,
      ).toBeGreaterThan(0);
      expect(count(new RegExp(`aborted optimizing .*<JSFunction ${name} `)), name).toBe(0);
    }
  }, 30_000);
});

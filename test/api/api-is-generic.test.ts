/**
 * DESIGN.md §1: `api/` is the generic workflow API. It names no domain (the work-safety
 * words live in `processes/`), and it reads the engine through the embedding API, never
 * through the engine's tables or its database handle.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const API = path.join(import.meta.dirname, "..", "..", "api");

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });

/** Each line of each file under api/ that matches, as `file:line: text`. */
const hits = (pattern: RegExp): string[] =>
  filesUnder(API).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) =>
        pattern.test(line) ? [`${path.relative(API, file)}:${index + 1}: ${line.trim()}`] : [],
      ),
  );

describe("api/ is generic", () => {
  test("the folder holds code and docs to check", () => {
    expect(filesUnder(API).length).toBeGreaterThan(40);
  });

  test("no word of the work-safety domain, in code, comments or docs", () => {
    expect(hits(/hazard|隐患|enterprise|village|accident|事故|企业|村/i)).toEqual([]);
  });

  test("no import of the engine's tables or of its database", () => {
    expect(hits(/engine\/store\/(schema|database)(\.js)?["']/)).toEqual([]);
  });

  test("no SQL on the engine's database handle", () => {
    expect(hits(/\.database\.db\b|from "drizzle-orm"/)).toEqual([]);
  });
});

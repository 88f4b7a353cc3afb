/** The benches' summaries in RESULTS.md: one section per command, replaced on a re-run, the rest untouched. */
import { describe, expect, it } from "vitest";
import { benchCommand, withSection } from "./report.js";

const area = "<!-- latest runs: written by the benches -->\n<!-- /latest runs -->";

describe("bench summaries in RESULTS.md", () => {
  it("adds a command's section at the end of the latest-runs area, keeping the text around it", () => {
    const file = `# Results\n\n${area}\n\n## Analysis\nhand-written\n`;
    const once = withSection(file, "npm run bench", "### npm run bench\n1,000 events/s");
    const twice = withSection(once, "npm run bench:http", "### npm run bench:http\n80/s");
    expect(twice.indexOf("1,000 events/s")).toBeLessThan(twice.indexOf("80/s"));
    expect(twice.indexOf("80/s")).toBeLessThan(twice.indexOf("<!-- /latest runs -->"));
    expect(twice).toMatch(/^# Results\n/);
    expect(twice).toMatch(/## Analysis\nhand-written\n$/);
  });

  it("replaces the section of the same command and leaves the others", () => {
    let file = withSection(`# Results\n\n${area}\n`, "npm run bench", "old figures");
    file = withSection(file, "npm run bench:data", "data figures");
    file = withSection(file, "npm run bench", "new figures");
    expect(file).toContain("new figures");
    expect(file).not.toContain("old figures");
    expect(file).toContain("data figures");
    expect(file.match(/<!-- bench: npm run bench -->/g)).toHaveLength(1);
  });

  it("creates the area in a file that has none", () => {
    const file = withSection("# Results\n", "npm run bench", "figures");
    expect(file).toContain("## Latest runs");
    expect(file.indexOf("figures")).toBeLessThan(file.indexOf("<!-- /latest runs -->"));
  });

  it("names the command as it was typed, the database by kind and without a password", () => {
    expect(
      benchCommand(["node", "x", "--servers", "1,2"], {
        npm_lifecycle_event: "bench:http",
        DATABASE_URL: "postgres://u:secret@db/x",
      }),
    ).toBe("DATABASE_URL=postgres://… npm run bench:http -- --servers 1,2");
    expect(benchCommand(["node", "x"], { npm_lifecycle_event: "bench" })).toBe("npm run bench");
    const named = benchCommand(
      [
        "node",
        `${process.cwd()}/test/bench/retention.bench.ts`,
        "--database",
        "postgres://u:secret@h/db",
      ],
      { npm_lifecycle_event: "npx" },
    );
    expect(named).toBe("npx tsx test/bench/retention.bench.ts --database postgres://h/db");
  });
});

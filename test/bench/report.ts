/**
 * What a bench prints, kept as that command's summary in test/bench/RESULTS.md
 * ("Latest runs"): when, on how many cores, at what load, and the printed
 * figures. A command's section is replaced when the same command runs again;
 * the hand-written analysis below it is left alone. `BENCH_SAVE=0` only prints.
 *
 * @example
 * ```ts
 * const report = createReport();
 * report.print(`engine / floor  ${ratio} %`);
 * await report.save(); // once the run has finished
 * ```
 */
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

export const resultsFile = fileURLToPath(new URL("./RESULTS.md", import.meta.url));

const AREA_START = "<!-- latest runs: written by the benches -->";
const AREA_END = "<!-- /latest runs -->";
const AREA_HEADING = "## Latest runs";

export interface Report {
  /** Prints a line (or several) and keeps it for the summary. */
  print(text?: string): void;
  /** Writes this command's section of RESULTS.md; returns the file, or null when BENCH_SAVE=0. */
  save(): Promise<string | null>;
}

/** How the bench was started, as a reader would type it (the database only by kind). */
export function benchCommand(argv = process.argv, env = process.env): string {
  // A database named on the command line keeps its host and name, never a password.
  const args = argv
    .slice(2)
    .join(" ")
    .replace(/\/\/[^@/\s]*@/g, "//");
  // npx sets npm_lifecycle_event too, to "npx".
  const script =
    env.npm_lifecycle_event && env.npm_lifecycle_event !== "npx"
      ? `npm run ${env.npm_lifecycle_event}${args ? ` -- ${args}` : ""}`
      : `npx tsx ${relative(process.cwd(), argv[1] ?? "")}${args ? ` ${args}` : ""}`;
  return env.DATABASE_URL ? `DATABASE_URL=postgres://… ${script}` : script;
}

const loadText = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

export function createReport(command = benchCommand()): Report {
  const started = new Date();
  const loadAtStart = loadText();
  const lines: string[] = [];
  return {
    print(text = "") {
      console.log(text);
      lines.push(text);
    },
    async save() {
      if (process.env.BENCH_SAVE === "0") return null;
      const cpu = cpus();
      const section = [
        `### \`${command}\``,
        "",
        `${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), ` +
          `Node ${process.version}, load average ${loadAtStart} at the start and ${loadText()} at the end, ` +
          `${((Date.now() - started.getTime()) / 1000).toFixed(0)} s in all.`,
        "",
        "```text",
        lines.join("\n").replace(/\s+$/, ""),
        "```",
      ].join("\n");
      const before = await readFile(resultsFile, "utf8").catch(() => "# Benchmark results\n");
      await writeFile(resultsFile, withSection(before, command, section));
      return resultsFile;
    },
  };
}

/** `text` with `command`'s section replaced, or added at the end of the "Latest runs" area. */
export function withSection(text: string, command: string, section: string): string {
  const open = `<!-- bench: ${command} -->`;
  const close = `<!-- /bench: ${command} -->`;
  const block = `${open}\n${section}\n${close}`;
  const from = text.indexOf(open);
  const to = text.indexOf(close, from);
  if (from !== -1 && to > from) return text.slice(0, from) + block + text.slice(to + close.length);
  const area = text.indexOf(AREA_END);
  if (area !== -1) return `${text.slice(0, area)}${block}\n\n${text.slice(area)}`;
  return `${text.trimEnd()}\n\n${AREA_HEADING}\n\n${AREA_START}\n${block}\n\n${AREA_END}\n`;
}

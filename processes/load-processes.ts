/**
 * Publishes the process definitions kept as JSON files in `processes/`.
 *
 * A definition whose content equals its latest published version is left
 * alone (`created: false`), so the server can call this at every start and
 * `npm run deploy-processes` can be run again and again.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ database: process.env.DATABASE_URL });
 * for (const r of await loadProcesses(engine)) console.log(r.key, r.version, r.created);
 * ```
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../engine/engine.js";
import type { Actor } from "../engine/types.js";
import { declareCountedVars } from "./counted-vars.js";

export interface LoadedProcess {
  key: string;
  version: number;
  created: boolean;
}

export interface LoadProcessesOptions {
  /** Folder of the `*.json` definitions (default: `processes/` of the package). */
  dir?: string;
  /** Who publishes (recorded as `created_by`). */
  actor?: Actor;
}

/**
 * Publishes every changed definition in dependency order (a process that starts another
 * comes after it), and declares the counted variables of those loaded (counted-vars.ts).
 */
export async function loadProcesses(
  engine: Engine,
  options: LoadProcessesOptions = {},
): Promise<LoadedProcess[]> {
  const dir = options.dir ?? findProcessesDir();
  const files = (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
  const definitions = await Promise.all(
    files.map(async (name) => {
      const text = await readFile(path.join(dir, name), "utf8");
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
      }
    }),
  );
  const results: LoadedProcess[] = [];
  for (const definition of inDependencyOrder(definitions)) {
    const publishOptions = options.actor ? { actor: options.actor } : {};
    results.push(await engine.definitions.publish(definition, publishOptions));
  }
  await declareCountedVars(
    engine,
    results.map((r) => r.key),
  );
  return results;
}

/**
 * The package's `processes/` folder, found by walking up from this module, so
 * that it is found from the sources and from the compiled `dist/` alike.
 */
export function findProcessesDir(
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, "processes");
    if (
      existsSync(path.join(dir, "package.json")) &&
      existsSync(candidate) &&
      statSync(candidate).isDirectory()
    ) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no processes/ folder beside a package.json above ${from}`);
    dir = parent;
  }
}

/** Orders definitions so that each comes after the ones its `startProcess` actions name; a cycle keeps file order. */
export function inDependencyOrder(definitions: unknown[]): unknown[] {
  const keyOf = (definition: unknown): string | null => {
    const key = (definition as { key?: unknown } | null)?.key;
    return typeof key === "string" ? key : null;
  };
  const keys = new Set(definitions.map(keyOf).filter((key): key is string => key !== null));
  const ordered: unknown[] = [];
  const placed = new Set<unknown>();
  const visiting = new Set<unknown>();
  const byKey = new Map(definitions.map((d) => [keyOf(d), d] as const));

  const place = (definition: unknown) => {
    if (placed.has(definition) || visiting.has(definition)) return;
    visiting.add(definition);
    for (const needed of startedKeys(definition)) {
      if (needed !== keyOf(definition) && keys.has(needed)) place(byKey.get(needed));
    }
    visiting.delete(definition);
    placed.add(definition);
    ordered.push(definition);
  };
  for (const definition of definitions) place(definition);
  return ordered;
}

/** Keys named by `startProcess` actions anywhere in a definition. */
function startedKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) startedKeys(item, found);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record.type === "startProcess" && typeof record.key === "string") found.add(record.key);
    for (const child of Object.values(record)) startedKeys(child, found);
  }
  return found;
}

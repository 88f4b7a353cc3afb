/**
 * Published definitions by key and version, kept in memory: published versions never change.
 *
 * @example
 * ```ts
 * const definitions = createDefinitionCache(engine);
 * const labels = (await definitions.get("leave-request", 3))?.labels;
 * ```
 */
import type { Definition } from "../engine/definition/schema.js";
import { walkStates } from "../engine/definition/walk-states.js";
import type { Engine } from "../engine/engine.js";
import { NotFoundError } from "../engine/errors.js";

export interface CachedDefinition {
  definition: Definition;
  /** State key → its label (the key when it has none). */
  labels: Map<string, string>;
  /** State key → its stage: the outermost parallel state around it, else itself. */
  stage: Map<string, string>;
  protectedVars: Record<string, string[]> | undefined;
  /** State key → its task's name and description (states with a task only). */
  tasks: Map<string, { name: string; description: string | null }>;
}

export interface DefinitionCache {
  get(key: string, version: number): Promise<CachedDefinition | null>;
  /** The latest published version, re-read at most every few seconds. */
  latest(key: string): Promise<CachedDefinition | null>;
}

export function createDefinitionCache(
  engine: Engine,
  maxEntries = 500,
  latestTtlMs = 5000,
): DefinitionCache {
  const entries = new Map<string, Promise<CachedDefinition | null>>();
  const latestEntries = new Map<string, { at: number; entry: Promise<CachedDefinition | null> }>();
  const load = async (key: string, version?: number): Promise<CachedDefinition | null> => {
    try {
      const { definition } = await engine.definitions.get(key, version);
      const states = walkStates(definition);
      const labels = new Map(states.map((s) => [s.key, s.node.label ?? s.key]));
      const byKey = new Map(states.map((s) => [s.key, s]));
      const stage = new Map(
        states.map((s) => {
          let found = s.key;
          for (let up = s.parentKey; up; up = byKey.get(up)?.parentKey ?? null) {
            if (byKey.get(up)?.type === "parallel") found = up;
          }
          return [s.key, found];
        }),
      );
      const tasks = new Map(
        states.flatMap((s) =>
          s.node.task
            ? [[s.key, { name: s.node.task.name, description: s.node.task.description ?? null }]]
            : [],
        ),
      );
      return { definition, labels, stage, protectedVars: definition.protectedVars, tasks };
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };
  return {
    get(key, version) {
      const id = `${key}@${version}`;
      let entry = entries.get(id);
      if (!entry) {
        if (entries.size >= maxEntries) entries.clear();
        entry = load(key, version);
        entries.set(id, entry);
        // A failure (database down) must not stay cached.
        entry.catch(() => entries.delete(id));
      }
      return entry;
    },
    latest(key) {
      const kept = latestEntries.get(key);
      if (kept && Date.now() - kept.at < latestTtlMs) return kept.entry;
      if (latestEntries.size >= maxEntries) latestEntries.clear();
      // Database unreachable: the version read a moment ago still serves, so that a
      // change already committed is not answered with a 503 for want of labels.
      const entry = kept ? load(key).catch(() => kept.entry) : load(key);
      latestEntries.set(key, { at: Date.now(), entry });
      entry.catch(() => latestEntries.delete(key));
      return entry;
    },
  };
}

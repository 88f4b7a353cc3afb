/**
 * The names people read instead of ids: a user's display name, a group's name (its row in
 * `group_names`, else what a plugin calls the groups it hands out itself). Ids and keys
 * without a name are left out; the caller shows the key.
 *
 * @example
 * ```ts
 * const names = createNameBook({ engine, plugins });
 * (await names.groups(["safety-office"])).get("safety-office"); // "安监办"
 * ```
 */
import type { Engine } from "../engine/engine.js";
import type { ZhibenPlugin } from "./plugin.js";

export interface NameBook {
  users(ids: readonly string[]): Promise<Map<string, string>>;
  groups(keys: readonly string[]): Promise<Map<string, string>>;
}

export function createNameBook(options: {
  engine: Engine;
  plugins?: readonly ZhibenPlugin[];
}): NameBook {
  const { engine, plugins = [] } = options;
  return {
    users: (ids) => engine.users.names(ids),
    async groups(keys) {
      const named = await engine.groups.names(keys);
      for (const plugin of plugins) {
        const rest = keys.filter((k) => !named.has(k));
        if (rest.length === 0) break;
        if (!plugin.nameGroups) continue;
        for (const [key, name] of await plugin.nameGroups(rest, engine)) named.set(key, name);
      }
      return named;
    },
  };
}

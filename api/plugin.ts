/**
 * How a domain module plugs into the server without the generic API naming it: the
 * records its forms reference, its own migrations, its routes under `/api`, what it
 * does at every start (publish its processes) and its demo data on an empty database.
 *
 * @example
 * ```ts
 * const plugin: ZhibenPlugin = { name: "shop", routes: (deps) => shopRoutes(deps) };
 * const server = await startServer({ plugins: [plugin] });
 * ```
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import type { RecipientResolvers } from "../engine/notifications/recipient-resolvers.js";
import type { References } from "../engine/references/reference-resolver.js";
import type { Database, ScheduleSource } from "../engine/index.js";
import type { ApiDeps } from "./api-deps.js";
import type { AppEnv } from "./app-env.js";
import type { UserStore } from "../engine/identity/user-store.js";

/** A demo account printed at the first start. */
export interface DemoLogin {
  username: string;
  password: string;
  groups: string[];
}

export interface ZhibenPlugin {
  name: string;
  /**
   * Top-level variables the case list's search (`GET /api/instances?q=`) also looks in,
   * besides the title and the business key (e.g. the name of the party concerned). Name
   * only variables no definition protects: the search does not check `protectedVars`.
   */
  searchVars?: string[];
  /** `x-ref` resolvers the engine is created with. */
  references?: References;
  /** Sources a schedule's `forEach` may name, given to the engine. */
  sources?: Record<string, ScheduleSource>;
  /** Recipient roles `notify` actions may name (`{ "<role>": "<FEEL argument>" }`), answered by the plugin. */
  recipients?: RecipientResolvers;
  /** Applies the plugin's own migrations (after the engine's), with its own bookkeeping table. */
  migrate?(database: Database): Promise<void>;
  /** Routes mounted under `/api`, behind the same authentication as the rest. */
  routes?(deps: ApiDeps): OpenAPIHono<AppEnv>;
  /** At every server start, after migrations: e.g. publish the plugin's process definitions. */
  start?(engine: Engine, context: { logger: Logger }): Promise<void>;
  /** Names of the groups the plugin's processes address, given at every start to those without one. */
  groupNames?: Readonly<Record<string, string>>;
  /** Names of groups the plugin hands out itself (e.g. one per directory record), for keys without a row. */
  nameGroups?(keys: readonly string[], engine: Engine): Promise<Map<string, string>>;
  /** Demo users and data on an empty database; returns the logins to print. */
  seed?(engine: Engine, context: { users: UserStore; logger: Logger }): Promise<DemoLogin[]>;
}

/** The resolvers of all plugins; a later plugin's resolver of the same name wins. */
export function pluginReferences(plugins: readonly ZhibenPlugin[]): References {
  return Object.assign({}, ...plugins.map((p) => p.references ?? {})) as References;
}

/** The schedule sources of all plugins; a later plugin's source of the same name wins. */
export function pluginSources(plugins: readonly ZhibenPlugin[]): Record<string, ScheduleSource> {
  return Object.assign({}, ...plugins.map((p) => p.sources ?? {})) as Record<
    string,
    ScheduleSource
  >;
}

/** The recipient roles of all plugins; a later plugin's role of the same name wins. */
export function pluginRecipients(plugins: readonly ZhibenPlugin[]): RecipientResolvers {
  return Object.assign({}, ...plugins.map((p) => p.recipients ?? {})) as RecipientResolvers;
}

/** Runs each plugin's migrations in order. */
export async function migratePlugins(
  plugins: readonly ZhibenPlugin[],
  database: Database,
): Promise<void> {
  for (const plugin of plugins) await plugin.migrate?.(database);
}

/** The names of the groups the API itself gives meaning to. */
export const API_GROUP_NAMES: Readonly<Record<string, string>> = {
  "process-admin": "流程管理员",
  "user-admin": "用户管理员",
  "calendar-admin": "日历管理员",
  integration: "外部系统接口",
};

/** Gives the API's and the plugins' groups their default names, keeping any name already set. */
export async function seedGroupNames(
  plugins: readonly ZhibenPlugin[],
  engine: Engine,
): Promise<void> {
  await engine.groups.seed(
    Object.assign({}, API_GROUP_NAMES, ...plugins.map((p) => p.groupNames ?? {})),
  );
}

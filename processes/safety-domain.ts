/**
 * The work-safety domain as one plugin for the server: the directory of villages and
 * enterprises (tables, migrations, routes, `x-ref` resolvers), the hazard statistics and
 * ledger (`/api/stats/*`, `/api/exports/hazard-ledger.xlsx`), the 晾晒 board (`/api/ranking`),
 * the daily/weekly inspection switches (`/api/inspection-settings`), the township's rules
 * (`/api/township-settings`),
 * the process definitions in this folder (published at every start) and the demo data.
 *
 * @example
 * ```ts
 * const server = await startServer({ plugins: [createSafetyDomain()] });
 * ```
 */
import type { ZhibenPlugin, DemoLogin } from "../api/plugin.js";
import { createRouter } from "../api/router.js";
import { ConflictError } from "../engine/errors.js";
import { SYSTEM_ACTOR } from "../engine/types.js";
import { createDirectory, type DirectorySettings } from "./directory/directory.js";
import { directoryGroupNames } from "./directory/directory-group-names.js";
import { directoryRecipients } from "./directory/directory-recipients.js";
import { directoryReferences } from "./directory/directory-references.js";
import { directorySources } from "./directory/directory-sources.js";
import { directoryRoutes } from "./directory/directory-routes.js";
import { DOMAIN_MIGRATIONS } from "./directory/domain-migrations.js";
import { loadProcesses } from "./load-processes.js";
import { ledgerRoutes } from "./reports/ledger-routes.js";
import { statsRoutes } from "./reports/stats-routes.js";
import { rankingRoutes } from "./ranking/ranking-routes.js";
import { createInspectionSettings } from "./inspection/inspection-settings.js";
import { inspectionSettingsRoutes } from "./inspection/inspection-settings-routes.js";
import { demoUsers, seedDemo, seedDirectory } from "./seed-demo.js";
import { townshipReferences } from "./settings/township-references.js";
import { createTownshipSettings } from "./settings/township-settings.js";
import { townshipSettingsRoutes } from "./settings/township-settings-routes.js";

export interface SafetyDomainSettings extends DirectorySettings {
  /** The township's name on the 晾晒通报 (default 铁峰乡). */
  township?: string;
}

/** The groups the shipped processes address, as the township calls them. */
export const SAFETY_GROUP_NAMES: Readonly<Record<string, string>> = {
  "safety-office": "安监办",
  "sector-dept": "行业主管部门",
  "township-leader": "分管领导",
  "directory-admin": "企业档案管理员",
  "law-enforcement": "综合行政执法",
  "investigation-team": "事故调查组",
  discipline: "纪检监察",
};

export function createSafetyDomain(settings: SafetyDomainSettings = {}): ZhibenPlugin {
  return {
    name: "safety",
    // The case list's search finds a hazard, escalation or accident by its enterprise's name.
    searchVars: ["enterpriseName"],
    references: { ...directoryReferences(settings), ...townshipReferences() },
    sources: directorySources(settings),
    recipients: directoryRecipients(),
    migrate: (database) => database.migrate(DOMAIN_MIGRATIONS),
    groupNames: SAFETY_GROUP_NAMES,
    nameGroups: (keys, engine) => directoryGroupNames(engine.database.db, keys),
    routes: (deps) => {
      const context = { db: deps.engine.database.db, clock: deps.engine.clock };
      const router = createRouter();
      const directory = createDirectory({ ...context, ...settings });
      router.route(
        "/",
        directoryRoutes(directory, { ...context, engine: deps.engine, views: deps.views }),
      );
      router.route(
        "/",
        inspectionSettingsRoutes(
          directory,
          createInspectionSettings({ ...context, industries: directory.industries }),
        ),
      );
      router.route("/", townshipSettingsRoutes(createTownshipSettings(context)));
      router.route("/", statsRoutes(deps));
      router.route("/", ledgerRoutes(deps));
      router.route("/", rankingRoutes({ db: context.db, township: settings.township ?? "铁峰乡" }));
      return router;
    },
    async start(engine, { logger }) {
      const loaded = await loadProcesses(engine, { actor: SYSTEM_ACTOR });
      for (const p of loaded.filter((l) => l.created))
        logger.info({ key: p.key, version: p.version }, "published");
    },
    async seed(engine, { users, logger }) {
      const directory = createDirectory({
        db: engine.database.db,
        clock: engine.clock,
        ...settings,
      });
      await seedDirectory(directory, SYSTEM_ACTOR.id);
      const logins: DemoLogin[] = [];
      for (const user of demoUsers) {
        if (!(await users.find(user.username))) {
          // Another server starting at the same moment may have created it: that is fine.
          await users.create({ ...user, orgUnit: user.orgUnit ?? null }).catch((error: unknown) => {
            if (!(error instanceof ConflictError)) throw error;
          });
          if (user.link) await directory.members.link(user.username, user.link, SYSTEM_ACTOR.id);
        }
        const groups = (await users.find(user.username))?.groups ?? user.groups;
        logins.push({ username: user.username, password: user.password, groups });
      }
      const { instances } = await seedDemo(engine);
      logger.info({ instances }, "demo data created");
      return logins;
    },
  };
}

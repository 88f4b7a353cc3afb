/**
 * `/groups`: the names people read for groups (user admins set them), and
 * `/instances/{id}/names`: the names of every user and group an instance mentions, for
 * whoever may read it, so that pages show 张伟 and 安监办 instead of ids.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Engine } from "../../engine/engine.js";
import type { HistoryEntry, Instance } from "../../engine/types.js";
import type { ApiDeps } from "../api-deps.js";
import { Groups, actorOf } from "../app-env.js";
import { requireGroups } from "../auth/authenticate.js";
import { createRouter } from "../router.js";
import {
  Security,
  UuidParamSchema,
  jsonBody,
  jsonResponse,
  problemResponses,
} from "../schemas/common-schemas.js";
import {
  GroupKeyParamSchema,
  GroupSchema,
  InstanceNamesSchema,
  RenameGroupBodySchema,
} from "../schemas/group-schemas.js";
import { readableInstance } from "./instance-routes.js";

const userAdmin = requireGroups(Groups.userAdmin);
const tags = ["groups"];

const listRoute = createRoute({
  method: "get",
  path: "/groups",
  tags,
  summary: "Every group with a name or a member, and its name (user-admin)",
  security: Security,
  middleware: [userAdmin] as const,
  responses: {
    200: jsonResponse(z.object({ items: z.array(GroupSchema) }), "The groups by key"),
    ...problemResponses(401, 403, 503),
  },
});

const renameRoute = createRoute({
  method: "put",
  path: "/groups/{key}",
  tags,
  summary: "Set the name people read for a group (user-admin)",
  security: Security,
  middleware: [userAdmin] as const,
  request: { params: GroupKeyParamSchema, body: jsonBody(RenameGroupBodySchema) },
  responses: {
    200: jsonResponse(GroupSchema, "The group with its new name"),
    ...problemResponses(400, 401, 403, 415, 503),
  },
});

const namesRoute = createRoute({
  method: "get",
  path: "/instances/{id}/names",
  tags: ["instances"],
  summary: "Names of the users and groups the instance mentions (history, tasks, votes)",
  security: Security,
  request: { params: UuidParamSchema },
  responses: {
    200: jsonResponse(InstanceNamesSchema, "Ids and keys without a name are left out"),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

/** Every user id and group key in the instance's record, its tasks and its votes. */
async function mentioned(engine: Engine, instance: Instance, history: HistoryEntry[]) {
  const users = new Set<string>();
  const groups = new Set<string>();
  const addUser = (id: unknown) => typeof id === "string" && users.add(id);
  const addGroup = (key: unknown) => typeof key === "string" && groups.add(key);
  addUser(instance.startedBy);
  for (const entry of history) {
    addUser(entry.actor);
    const votes = entry.data?.votes;
    for (const vote of Array.isArray(votes) ? votes : []) {
      const v = (vote ?? {}) as Record<string, unknown>;
      addUser(v.by);
      addUser(v.user);
      addGroup(v.group);
    }
  }
  for (const ballot of instance.ballots ?? []) {
    addUser(ballot.by);
    addUser(ballot.user);
    addGroup(ballot.group);
  }
  const tasks = await engine.tasks.list({
    instanceId: instance.id,
    status: ["open", "claimed", "completed", "cancelled"],
    limit: 200,
  });
  for (const task of tasks.items) {
    addUser(task.assignee);
    addUser(task.completedBy);
    task.candidateGroups.forEach(addGroup);
  }
  return { users: [...users], groups: [...groups] };
}

export function groupRoutes({ engine, users, names }: ApiDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const [rows, people] = await Promise.all([engine.groups.list(), users.list()]);
    const custom = new Map(rows.map((r) => [r.key, r.name]));
    const keys = [...new Set([...custom.keys(), ...people.flatMap((u) => u.groups)])].sort();
    const named = await names.groups(keys);
    return c.json(
      {
        items: keys.map((key) => ({
          key,
          name: named.get(key) ?? null,
          custom: rows.some((r) => r.key === key && r.updatedBy !== null),
        })),
      },
      200,
    );
  });

  router.openapi(renameRoute, async (c) => {
    const { key } = c.req.valid("param");
    const row = await engine.groups.rename(key, c.req.valid("json").name, c.get("user").id);
    return c.json({ key: row.key, name: row.name, custom: true }, 200);
  });

  router.openapi(namesRoute, async (c) => {
    const actor = actorOf(c.get("user"));
    const instance = await readableInstance(engine, actor, c.req.valid("param").id);
    const wanted = await mentioned(engine, instance, await engine.instances.history(instance.id));
    const [userNames, groupNamesFound] = await Promise.all([
      names.users(wanted.users),
      names.groups(wanted.groups),
    ]);
    return c.json(
      {
        users: Object.fromEntries(userNames),
        groups: Object.fromEntries(groupNamesFound),
      },
      200,
    );
  });

  return router;
}

/**
 * Turns an outbox row's recipients (groups, `user:<id>`, `<role>:<argument>`) into the
 * people it reaches: a group's enabled members, a named user, a role's people from the
 * application's resolver. One person named twice is told once (the first naming wins).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import { users } from "../store/schema.js";
import type { RecipientResolvers, ResolvedRecipient } from "./recipient-resolvers.js";

const USER_PREFIX = "user:";

/** How the outbox names a role: `<role>:<argument>` with a registered role. */
export function parseRole(
  entry: string,
  resolvers: RecipientResolvers,
): { role: string; argument: string } | null {
  const colon = entry.indexOf(":");
  if (colon <= 0) return null;
  const role = entry.slice(0, colon);
  return Object.hasOwn(resolvers, role) ? { role, argument: entry.slice(colon + 1) } : null;
}

/** `<role>:<argument>` whose role no resolver answers (an engine created without the directory). */
export const isUnknownRole = (entry: string, resolvers: RecipientResolvers) =>
  /^[a-z][A-Za-z0-9]*:/.test(entry) &&
  !entry.startsWith(USER_PREFIX) &&
  !parseRole(entry, resolvers);

export async function resolveRecipients(
  db: Db,
  entries: readonly string[],
  resolvers: RecipientResolvers,
): Promise<ResolvedRecipient[]> {
  const found: ResolvedRecipient[] = [];
  const seen = new Set<string>();
  const add = (r: ResolvedRecipient) => {
    const key = r.userId ? `u:${r.userId}` : `m:${r.mobile ?? ""}:${r.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(r);
  };
  const accountsOf = async (ids: string[]) =>
    ids.length === 0
      ? []
      : db
          .select({ id: users.id, name: users.name, groups: users.groups })
          .from(users)
          .where(and(inArray(users.id, ids), eq(users.disabled, false)));

  for (const entry of entries) {
    const role = parseRole(entry, resolvers);
    if (role) {
      const people = await resolvers[role.role]!(role.argument, { db });
      const accounts = new Map(
        (await accountsOf(people.flatMap((p) => (p.userId ? [p.userId] : [])))).map((a) => [
          a.id,
          a,
        ]),
      );
      for (const person of people) {
        const account = person.userId ? accounts.get(person.userId) : undefined;
        add({
          userId: account?.id ?? null,
          name: person.name,
          mobile: person.mobile ?? null,
          groups: [...new Set([...(person.groups ?? []), ...(account?.groups ?? [])])],
          via: role.role,
        });
      }
    } else if (isUnknownRole(entry, resolvers)) {
      continue;
    } else if (entry.startsWith(USER_PREFIX)) {
      for (const account of await accountsOf([entry.slice(USER_PREFIX.length)]))
        add({
          userId: account.id,
          name: account.name,
          mobile: null,
          groups: account.groups,
          via: "user",
        });
    } else {
      const members = await db
        .select({ id: users.id, name: users.name, groups: users.groups })
        .from(users)
        .where(and(sql`${users.groups} @> array[${entry}]::text[]`, eq(users.disabled, false)))
        .orderBy(users.id);
      for (const m of members)
        add({ userId: m.id, name: m.name, mobile: null, groups: m.groups, via: `group:${entry}` });
    }
  }
  return found;
}

/**
 * The recipient roles the directory answers, for `notify` actions:
 * `{ "enterprisePrincipal": "vars.enterpriseId" }` (主要负责人),
 * `{ "enterpriseController": "vars.enterpriseId" }` (实际控制人) and
 * `{ "villageGridOfficer": "vars.village" }` (the village's grid officers). A contact on
 * an enterprise's record is reached by SMS at its mobile, through the enterprise's group
 * channels, and in the app when one of the enterprise's linked users bears its name.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ notifications: { resolvers: directoryRecipients() } });
 * ```
 */
import { and, eq } from "drizzle-orm";
import type {
  RecipientResolvers,
  RoleRecipient,
} from "../../engine/notifications/recipient-resolvers.js";
import type { Db } from "../../engine/store/database.js";
import { users } from "../../engine/store/schema.js";
import { directoryMembers, enterprises, type Contact } from "./directory-schema.js";
import { enterpriseGroup, villageGroup } from "./directory-scope.js";

async function enterpriseContact(
  db: Db,
  enterpriseId: string,
  field: "principal" | "controller",
): Promise<RoleRecipient[]> {
  const [record] = await db
    .select({ contact: enterprises[field] })
    .from(enterprises)
    .where(eq(enterprises.id, enterpriseId));
  const contact: Contact | null | undefined = record?.contact;
  if (!contact) return [];
  const [account] = await db
    .select({ id: users.id })
    .from(directoryMembers)
    .innerJoin(users, eq(users.id, directoryMembers.userId))
    .where(and(eq(directoryMembers.enterpriseId, enterpriseId), eq(users.name, contact.name)))
    .limit(1);
  return [
    {
      userId: account?.id ?? null,
      name: contact.name,
      mobile: contact.mobile ?? null,
      groups: [enterpriseGroup(enterpriseId)],
    },
  ];
}

export function directoryRecipients(): RecipientResolvers {
  return {
    enterprisePrincipal: (id, { db }) => enterpriseContact(db, id, "principal"),
    enterpriseController: (id, { db }) => enterpriseContact(db, id, "controller"),
    async villageGridOfficer(code, { db }) {
      const officers = await db
        .select({ id: users.id, name: users.name })
        .from(directoryMembers)
        .innerJoin(users, eq(users.id, directoryMembers.userId))
        .where(and(eq(directoryMembers.villageCode, code), eq(users.disabled, false)));
      return officers.map((o) => ({ userId: o.id, name: o.name, groups: [villageGroup(code)] }));
    },
  };
}

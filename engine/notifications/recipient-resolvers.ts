/**
 * Roles a notification may name (`{ "enterprisePrincipal": "vars.enterpriseId" }`): the
 * application registers a resolver per role, and the worker calls it when it makes the
 * notification's deliveries, never on the hot path. The engine knows no role itself.
 *
 * @example
 * ```ts
 * const resolvers: RecipientResolvers = {
 *   enterprisePrincipal: async (id, { db }) => [{ userId: "li", name: "李明", mobile: "13800000001" }],
 * };
 * const engine = await createEngine({ notifications: { resolvers } });
 * ```
 */
import type { Db } from "../store/database.js";

/** A person a role names. `userId` links an account (in-app messages); `mobile` serves SMS. */
export interface RoleRecipient {
  userId?: string | null;
  name: string;
  mobile?: string | null;
  /** Groups whose channels (robots, webhooks) this person is reached through. */
  groups?: string[];
}

/** Resolves a role's argument (the FEEL value) to people; `db` is the worker's transaction. */
export type RecipientResolver = (argument: string, context: { db: Db }) => Promise<RoleRecipient[]>;

export type RecipientResolvers = Record<string, RecipientResolver>;

/** A person a notification reaches, with how they were named (`group:…`, `user`, a role). */
export interface ResolvedRecipient {
  userId: string | null;
  name: string;
  mobile: string | null;
  groups: string[];
  via: string;
}

/**
 * The Hono environment of the API: what middleware puts on the context for handlers.
 */
import type { Logger } from "pino";
import type { Actor } from "../engine/types.js";

/** The signed-in user, as loaded from the `users` table for this request. */
export interface AuthUser {
  id: string;
  username: string;
  name: string;
  groups: string[];
  orgUnit: string | null;
}

export interface AppEnv {
  Variables: {
    user: AuthUser;
    /** The token version the request's token carries. */
    tokenVersion: number;
    requestId: string;
    log: Logger;
  };
}

/** The engine's view of a user. */
export function actorOf(user: AuthUser): Actor {
  return { id: user.id, groups: user.groups };
}

/** Group names with a meaning to the API itself. */
export const Groups = {
  processAdmin: "process-admin",
  userAdmin: "user-admin",
  calendarAdmin: "calendar-admin",
  integration: "integration",
} as const;

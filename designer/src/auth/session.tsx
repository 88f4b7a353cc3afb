/**
 * Who is signed in: the user and token from POST /api/auth/login, shared through context.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { api } from "../api/client.js";
import { readSession, writeSession } from "../api/session-store.js";
import type { User } from "../api/types.js";

export interface Session {
  user: User | null;
  login(username: string, password: string): Promise<User>;
  logout(): void;
  hasGroup(group: string): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(() => readSession()?.user ?? null);

  useEffect(() => {
    const sync = () => setUser(readSession()?.user ?? null);
    window.addEventListener("zhiben:session", sync);
    window.addEventListener("storage", sync);
    return () => {
      window.removeEventListener("zhiben:session", sync);
      window.removeEventListener("storage", sync);
    };
  }, []);

  // Refresh the profile (groups may have changed) once per page load.
  useEffect(() => {
    const stored = readSession();
    if (!stored) return;
    api.auth
      .me()
      .then((me) => writeSession({ token: stored.token, user: { ...stored.user, ...me } }))
      .catch(() => undefined);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const response = await api.auth.login(username, password);
    writeSession({ token: response.token, user: response.user });
    return response.user;
  }, []);

  // The server revokes the token (all of this user's sessions); the page forgets it at once.
  const logout = useCallback(() => {
    if (readSession()) api.auth.logout().catch(() => undefined);
    writeSession(null);
  }, []);

  const value = useMemo<Session>(
    () => ({
      user,
      login,
      logout,
      hasGroup: (group) => Boolean(user?.groups.includes(group)),
    }),
    [user, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

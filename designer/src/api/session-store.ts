import type { User } from "./types.js";

const TOKEN_KEY = "zhiben.token";
const USER_KEY = "zhiben.user";

/** The signed-in user's token and profile, kept in localStorage across reloads. */
export interface StoredSession {
  token: string;
  user: User;
}

export function readSession(): StoredSession | null {
  const token = localStorage.getItem(TOKEN_KEY);
  const userText = localStorage.getItem(USER_KEY);
  if (!token || !userText) return null;
  try {
    return { token, user: JSON.parse(userText) as User };
  } catch {
    return null;
  }
}

export function writeSession(session: StoredSession | null): void {
  if (session) {
    localStorage.setItem(TOKEN_KEY, session.token);
    localStorage.setItem(USER_KEY, JSON.stringify(session.user));
  } else {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  }
  window.dispatchEvent(new Event("zhiben:session"));
}

export function currentToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Opaque cursors for keyset paging: base64url JSON. A cursor that does not decode is treated as none. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(text: string | undefined | null): Cursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof value.at !== "string" || typeof value.id !== "string") return null;
    if (Number.isNaN(new Date(value.at).getTime())) return null;
    if (!/^[0-9a-f-]{36}$/i.test(value.id)) return null;
    return { at: value.at, id: value.id };
  } catch {
    return null;
  }
}

/**
 * Unsaved designer work, kept in localStorage until the draft is saved, so that a
 * reload or a crash never loses it.
 */
import type { Definition } from "../../../engine/definition/schema.js";
import type { DesignerLayout } from "../api/types.js";

export interface DesignerDoc {
  definition: Definition;
  layout: DesignerLayout;
}

interface Stored {
  doc: DesignerDoc;
  savedAt: string;
}

const storageKey = (processKey: string) => `zhiben.designer.unsaved.${processKey}`;

export function readUnsaved(processKey: string): Stored | null {
  try {
    const text = localStorage.getItem(storageKey(processKey));
    if (!text) return null;
    const stored = JSON.parse(text) as Stored;
    return stored.doc && typeof stored.doc === "object" ? stored : null;
  } catch {
    return null;
  }
}

export function writeUnsaved(processKey: string, doc: DesignerDoc | null): void {
  try {
    if (doc)
      localStorage.setItem(
        storageKey(processKey),
        JSON.stringify({ doc, savedAt: new Date().toISOString() }),
      );
    else localStorage.removeItem(storageKey(processKey));
  } catch {
    // Storage full or disabled: the in-memory state is still there.
  }
}

/** A saved layout as this app writes it, or null. */
export function readLayout(value: unknown): DesignerLayout | null {
  if (!value || typeof value !== "object") return null;
  const positions = (value as { positions?: unknown }).positions;
  if (!positions || typeof positions !== "object") return null;
  const result: DesignerLayout["positions"] = {};
  for (const [key, p] of Object.entries(positions as Record<string, unknown>)) {
    if (
      p &&
      typeof p === "object" &&
      typeof (p as { x?: unknown }).x === "number" &&
      typeof (p as { y?: unknown }).y === "number"
    )
      result[key] = { x: (p as { x: number }).x, y: (p as { y: number }).y };
  }
  return { positions: result };
}

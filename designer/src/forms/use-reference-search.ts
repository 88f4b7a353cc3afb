/**
 * The records a reference picker offers: the directory searched by name, credit code or
 * pinyin initials as the user types (debounced, the previous request cancelled), and the
 * chosen record, read once by its id so a saved value shows its name.
 */
import { useEffect, useState } from "react";
import { api } from "../api/client.js";
import type { Enterprise, Village } from "../api/types.js";

export type ReferenceKind = "enterprise" | "village";

/** One choice as the picker shows it. */
export interface ReferenceOption {
  id: string;
  name: string;
  /** Credit code, village and industry; or the village's code. */
  detail: string;
}

export function enterpriseOption(e: Enterprise): ReferenceOption {
  return { id: e.id, name: e.name, detail: `${e.creditCode} · ${e.villageName} · ${e.industry}` };
}

export function villageOption(v: Village): ReferenceOption {
  return { id: v.code, name: v.name, detail: v.code };
}

const DEBOUNCE_MS = 200;

export function useReferenceSearch(kind: ReferenceKind, query: string, active: boolean) {
  const [options, setOptions] = useState<ReferenceOption[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const q = query.trim() || undefined;
        const found =
          kind === "enterprise"
            ? (await api.directory.enterprises({ q, limit: 20 }, controller.signal)).items.map(
                enterpriseOption,
              )
            : (await api.directory.villages({ q, limit: 20 }, controller.signal)).items.map(
                villageOption,
              );
        setOptions(found);
      } catch {
        if (!controller.signal.aborted) setOptions([]);
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [kind, query, active]);
  return { options, loading };
}

/** The record a stored id names, for showing it; null while unknown. */
export function useReferencedRecord(kind: ReferenceKind, id: string | undefined) {
  const [record, setRecord] = useState<ReferenceOption | null>(null);
  useEffect(() => {
    if (!id) {
      setRecord(null);
      return;
    }
    let cancelled = false;
    const read =
      kind === "enterprise"
        ? api.directory.enterprise(id).then(enterpriseOption)
        : api.directory.village(id).then(villageOption);
    read.then(
      (found) => !cancelled && setRecord(found),
      () => !cancelled && setRecord({ id, name: id, detail: "" }),
    );
    return () => {
      cancelled = true;
    };
  }, [kind, id]);
  return [record, setRecord] as const;
}

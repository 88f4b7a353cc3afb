/**
 * /designer/:key — loads the draft (or the published version when there is none, or
 * `?version=N` read-only), restores unsaved local work, and lays the graph out with
 * elkjs on first open.
 */
import { useParams, useSearchParams } from "react-router";
import type { Definition } from "../../../engine/definition/schema.js";
import { ApiError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { Draft, PublishedDefinition } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { EmptyState, ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";
import { DesignerEditor } from "./designer-editor.js";
import { layoutDefinition } from "./elk-layout.js";
import { readLayout, readUnsaved } from "./unsaved-store.js";
import type { DesignerDoc } from "./unsaved-store.js";

export interface DesignerData {
  key: string;
  /** The version shown read-only, or null when editing the draft. */
  viewVersion: number | null;
  /** What the server has (draft, else published): the baseline for "unsaved". */
  saved: DesignerDoc;
  /** What the editor opens with (local unsaved work wins). */
  initial: DesignerDoc;
  restoredAt: string | null;
  published: PublishedDefinition | null;
  publishedKeys: string[];
}

async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

async function load(key: string, version: number | null): Promise<DesignerData | null> {
  const [published, draft, list] = await Promise.all([
    orNull(api.definitions.get(key)),
    version === null ? orNull<Draft>(api.definitions.getDraft(key)) : Promise.resolve(null),
    api.definitions.list().catch(() => []),
  ]);
  const publishedKeys = list.filter((d) => d.latestVersion !== null).map((d) => d.key);
  if (version !== null) {
    const old = await api.definitions.get(key, version);
    const doc = { definition: old.definition, layout: await layoutDefinition(old.definition) };
    return {
      key,
      viewVersion: version,
      saved: doc,
      initial: doc,
      restoredAt: null,
      published,
      publishedKeys,
    };
  }
  const source = (draft?.definition as Definition | undefined) ?? published?.definition;
  if (!source) return null;
  const layout = readLayout(draft?.layout) ?? (await layoutDefinition(safeForLayout(source)));
  const saved: DesignerDoc = { definition: source, layout };
  const unsaved = readUnsaved(key);
  const restored =
    unsaved && JSON.stringify(unsaved.doc) !== JSON.stringify(saved) ? unsaved : null;
  return {
    key,
    viewVersion: null,
    saved,
    initial: restored?.doc ?? saved,
    restoredAt: restored?.savedAt ?? null,
    published,
    publishedKeys,
  };
}

/** A draft saved while broken may lack `states`: lay out what is there. */
function safeForLayout(definition: Definition): Definition {
  return definition.states && typeof definition.states === "object"
    ? definition
    : { ...definition, states: {} };
}

export function DesignerPage() {
  const { key = "" } = useParams();
  const [params] = useSearchParams();
  const versionParam = params.get("version");
  const version = versionParam && /^\d+$/.test(versionParam) ? Number(versionParam) : null;
  const { hasGroup } = useSession();
  const data = useAsync(() => load(key, version), [key, version]);

  if (!hasGroup("process-admin"))
    return (
      <div className="page">
        <EmptyState title="流程设计仅对流程管理员开放" />
      </div>
    );
  // While another process or version loads, the previous one's data must not be shown under the new address.
  const stale =
    data.data !== undefined &&
    data.data !== null &&
    (data.data.key !== key || data.data.viewVersion !== version);
  if (data.loading && (!data.data || stale)) return <Loading label="正在打开流程…" />;
  if (data.error)
    return (
      <div className="page">
        <ErrorBox error={data.error} onRetry={data.reload} />
      </div>
    );
  if (!data.data)
    return (
      <div className="page">
        <EmptyState title={`流程 ${key} 不存在`} />
      </div>
    );
  return (
    <DesignerEditor key={`${data.data.key}@${data.data.viewVersion ?? "draft"}`} data={data.data} />
  );
}

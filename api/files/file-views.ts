/**
 * Attachments as the API returns them: the engine's records with dates as text, the GPS
 * position and signed links to the bytes, and, for a case's attachments, the title of the
 * field and the label of the state they were attached in.
 *
 * @example
 * ```ts
 * const views = createFileViews({ signer, definitions });
 * return c.json(views.info(file, "/api"), 200);
 * ```
 */
import type { Definition } from "../../engine/definition/schema.js";
import { walkStates } from "../../engine/definition/walk-states.js";
import type { Attachment, StoredFile } from "../../engine/files/file-types.js";
import type { Instance } from "../../engine/types.js";
import type { DefinitionCache } from "../definition-cache.js";
import type { AttachmentJson, FileInfoJson, FileJson } from "../schemas/file-schemas.js";
import type { FileUrlSigner } from "./file-url-signer.js";

export interface FileViews {
  file(file: StoredFile): FileJson;
  info(file: StoredFile, apiBase: string): FileInfoJson;
  attachments(
    attachments: Attachment[],
    instance: Instance,
    apiBase: string,
  ): Promise<AttachmentJson[]>;
}

type Schema = { title?: unknown; properties?: Record<string, Schema>; items?: Schema };

/** The title of the field at a dotted path in a schema, through objects and lists of objects. */
export function fieldTitle(schema: unknown, path: string): string | null {
  let node = schema as Schema | undefined;
  for (const name of path.split(".")) {
    while (node?.items && !node.properties) node = node.items;
    node = node?.properties?.[name];
  }
  return typeof node?.title === "string" ? node.title : null;
}

/** The schema a reference's path is in: the start variables, or the form of its state's task. */
function schemaOf(definition: Definition | undefined, stateKey: string | null): unknown {
  if (!definition) return undefined;
  if (stateKey === null) return definition.variables;
  return walkStates(definition).find((s) => s.key === stateKey)?.node.task?.form;
}

export function createFileViews(options: {
  signer: FileUrlSigner;
  definitions: DefinitionCache;
}): FileViews {
  const { signer, definitions } = options;
  const file = (stored: StoredFile): FileJson => ({
    id: stored.id,
    name: stored.name,
    size: stored.size,
    contentType: stored.contentType,
  });
  const info = (stored: StoredFile, apiBase: string): FileInfoJson => {
    const original = signer.sign(apiBase, stored.id, "original");
    const thumbnail = stored.hasThumbnail ? signer.sign(apiBase, stored.id, "thumbnail") : null;
    const metadata = stored.metadata ?? {};
    return {
      ...file(stored),
      uploadedBy: stored.uploadedBy,
      uploadedAt: stored.uploadedAt.toISOString(),
      gps: metadata.gps ?? null,
      takenAt: metadata.takenAt ?? null,
      width: metadata.width ?? null,
      height: metadata.height ?? null,
      url: original.url,
      thumbnailUrl: thumbnail?.url ?? null,
      expiresAt: original.expiresAt.toISOString(),
    };
  };
  return {
    file,
    info,
    async attachments(attachments, instance, apiBase) {
      const cached = await definitions.get(instance.processKey, instance.version);
      return attachments.map(({ file: stored, reference }) => ({
        ...info(stored, apiBase),
        instanceId: reference.instanceId,
        field: reference.path,
        fieldTitle: fieldTitle(schemaOf(cached?.definition, reference.stateKey), reference.path),
        taskId: reference.taskId,
        stateKey: reference.stateKey,
        stateLabel: reference.stateKey ? (cached?.labels.get(reference.stateKey) ?? null) : null,
        referencedBy: reference.referencedBy,
        referencedAt: reference.referencedAt.toISOString(),
      }));
    },
  };
}

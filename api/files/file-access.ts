/**
 * Who may read an attachment: whoever may read a case that references it, unless the
 * field holding it is a protected variable they may not see (`protectedVars`: a tip-off's
 * evidence is as secret as the reporter's name); until a case references it, its uploader
 * alone. Everyone else is told it does not exist (404), as for a case they may not read.
 *
 * @example
 * ```ts
 * const access = createFileAccess({ engine, views });
 * const file = await access.readable(actor, id); // null → 404
 * ```
 */
import type { Engine } from "../../engine/engine.js";
import type { Attachment, StoredFile } from "../../engine/files/file-types.js";
import type { Actor, Instance } from "../../engine/types.js";
import { mayReadInstance } from "../routes/instance-routes.js";
import type { Views } from "../views.js";

export interface FileAccess {
  /** The file, when the actor may read it; else null. */
  readable(actor: Actor, fileId: string): Promise<StoredFile | null>;
  /** The attachments of a case the actor may read, less those in fields hidden from them. */
  visibleAttachments(actor: Actor, instance: Instance): Promise<Attachment[]>;
}

/** Whether a field path (`plan.signed`) passes through a variable hidden from the actor. */
export function isHiddenPath(path: string, hidden: Set<string>): boolean {
  return path.split(".").some((name) => hidden.has(name));
}

export function createFileAccess({ engine, views }: { engine: Engine; views: Views }): FileAccess {
  const hiddenIn = (instance: Instance, actor: Actor) =>
    views.hidden(instance.processKey, instance.version, actor);

  return {
    async readable(actor, fileId) {
      const file = await engine.files.get(fileId).catch(() => null);
      if (!file) return null;
      const references = await engine.files.references(fileId);
      if (references.length === 0) return file.uploadedBy === actor.id ? file : null;
      for (const instanceId of new Set(references.map((r) => r.instanceId))) {
        const instance = await engine.instances.get(instanceId).catch(() => null);
        if (!instance || !(await mayReadInstance(engine, actor, instance))) continue;
        const hidden = await hiddenIn(instance, actor);
        const paths = references.filter((r) => r.instanceId === instanceId).map((r) => r.path);
        if (paths.some((path) => !isHiddenPath(path, hidden))) return file;
      }
      return null;
    },

    async visibleAttachments(actor, instance) {
      const hidden = await hiddenIn(instance, actor);
      const attachments = await engine.files.ofInstance(instance.id);
      return attachments.filter((a) => !isHiddenPath(a.reference.path, hidden));
    },
  };
}

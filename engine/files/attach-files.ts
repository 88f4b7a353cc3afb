/**
 * The write side's one call for attachments: when a start or a task completion carries
 * data, the files its attachment fields name are checked (uploaded and finished, of a type
 * the field accepts, within the field's count, usable by the actor) and recorded as
 * referenced by the instance, in the caller's transaction. Nothing is read or written
 * when the data names no file.
 *
 * A file is usable by whoever uploaded it, and by anyone acting on an instance that
 * already references it (a photo carried from one task to the next), or whose parent does
 * (a child started with its parent's evidence).
 *
 * @example
 * ```ts
 * assertMatchesSchema(task.form, data, "the form data");
 * await attachFiles(tx, ctx, { instanceId, schema: task.form, data, actor, taskId, stateKey });
 * ```
 */
import { and, inArray } from "drizzle-orm";
import { ValidationError, type Problem } from "../errors.js";
import type { EngineContext } from "../service/context.js";
import type { Db } from "../store/database.js";
import { fileReferences, files } from "../store/schema.js";
import type { Actor } from "../types.js";
import {
  FILE_ID_PATTERN,
  fileCountProblems,
  fileFieldValues,
  fileReferences as referencesIn,
} from "./file-fields.js";
import { describeAccept, matchesAccept } from "./sniff-content-type.js";

export interface FileAttachment {
  instanceId: string;
  /** The instance's parent, whose files a child may be started with. */
  parentId?: string | null;
  /** The JSON Schema the data was checked against: start variables or the task's form. */
  schema: unknown;
  data: unknown;
  actor: Actor;
  taskId: string | null;
  stateKey: string | null;
}

const MISSING = "文件不存在或已过期，请重新上传";

export async function attachFiles(
  tx: Db,
  ctx: EngineContext,
  change: FileAttachment,
): Promise<void> {
  const values = fileFieldValues(change.schema, change.data);
  if (values.length === 0) return;
  const wanted = referencesIn(change.schema, change.data);
  const ids = [...new Set(wanted.map((r) => r.fileId))].filter((id) => FILE_ID_PATTERN.test(id));
  const found =
    ids.length === 0
      ? []
      : await tx
          .select({
            id: files.id,
            status: files.status,
            contentType: files.contentType,
            uploadedBy: files.uploadedBy,
          })
          .from(files)
          .where(inArray(files.id, ids))
          // Held until commit: the expiry job cannot delete a file being referenced.
          .for("share");
  const byId = new Map(found.map((file) => [file.id, file]));
  const others = found.filter((file) => file.uploadedBy !== change.actor.id).map((f) => f.id);
  const owners = [change.instanceId, change.parentId].filter((id): id is string => Boolean(id));
  const alreadyHere =
    others.length === 0
      ? new Set<string>()
      : new Set(
          (
            await tx
              .select({ fileId: fileReferences.fileId })
              .from(fileReferences)
              .where(
                and(
                  inArray(fileReferences.fileId, others),
                  inArray(fileReferences.instanceId, owners),
                ),
              )
          ).map((row) => row.fileId),
        );

  const problems: Problem[] = [...fileCountProblems(values)];
  for (const reference of wanted) {
    const file = byId.get(reference.fileId);
    const usable =
      file?.status === "ready" && (file.uploadedBy === change.actor.id || alreadyHere.has(file.id));
    if (!file || !usable) problems.push({ path: reference.path, message: MISSING });
    else if (!matchesAccept(file.contentType, reference.accept))
      problems.push({
        path: reference.path,
        message: `文件类型不符：此处只接受${describeAccept(reference.accept ?? [])}`,
      });
  }
  if (problems.length > 0) throw new ValidationError("the attachments are invalid", problems);

  const now = ctx.clock.now();
  await tx
    .insert(fileReferences)
    .values(
      wanted.map((reference) => ({
        fileId: reference.fileId,
        instanceId: change.instanceId,
        path: reference.field,
        taskId: change.taskId,
        stateKey: change.stateKey,
        referencedBy: change.actor.id,
        referencedAt: now,
      })),
    )
    .onConflictDoNothing();
}

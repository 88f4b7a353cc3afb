/**
 * What each kind of job does, registered by kind. A handler runs inside the
 * worker's transaction, with the job's instance already locked; `instanceOf`
 * gives that row without another query unless this batch has changed it.
 */
import { eq } from "drizzle-orm";
import { expireUpload, FILE_EXPIRY_JOB } from "../files/expire-upload.js";
import { ChangeLog, writeIgnored } from "../service/apply-step.js";
import { unitOfWork, type EngineContext } from "../service/context.js";
import { applyEvent } from "../service/instances.js";
import type { InstanceRow } from "../service/rows.js";
import type { Db } from "../store/database.js";
import { makeDeliveries } from "../notifications/make-deliveries.js";
import { outbox } from "../store/schema.js";
import { SYSTEM_ACTOR, type Notification } from "../types.js";
import type { JobRow } from "./claim-due-jobs.js";
import type { InstanceId } from "../ids.js";

export type JobHandler = (
  tx: Db,
  ctx: EngineContext,
  job: JobRow,
  log: ChangeLog,
  instanceOf: () => Promise<InstanceRow | undefined>,
) => Promise<void>;

/** Delivers an event to the instance; one it does not accept is written to its history as ignored. */
async function deliverEvent(
  tx: Db,
  ctx: EngineContext,
  instanceOf: () => Promise<InstanceRow | undefined>,
  event: { type: string; data?: Record<string, unknown> },
  log: ChangeLog,
): Promise<void> {
  const row = await instanceOf();
  if (!row) return;
  const unit = unitOfWork(ctx, tx, log);
  if (row.status !== "running") {
    await writeIgnored(unit, row, event, `instance is ${row.status}`);
    return;
  }
  const next = await applyEvent(unit, ctx, row, event, { actor: SYSTEM_ACTOR, internal: true });
  if (next instanceof Error) await writeIgnored(unit, row, event, next.message);
}

const timer: JobHandler = async (tx, ctx, job, log, instanceOf) => {
  const payload = job.payload as { event: string };
  await deliverEvent(tx, ctx, instanceOf, { type: payload.event }, log);
};

const message: JobHandler = async (tx, ctx, job, log, instanceOf) => {
  const payload = job.payload as { event: { type: string; data?: Record<string, unknown> } };
  await deliverEvent(tx, ctx, instanceOf, payload.event, log);
};

/** Makes the outbox row's deliveries (engine/notifications), then calls the embedder's sender, if any. */
const deliver: JobHandler = async (tx, ctx, job, log, instanceOf) => {
  const { outboxId } = job.payload as { outboxId: number };
  const [row] = await tx.select().from(outbox).where(eq(outbox.id, outboxId));
  if (!row || row.status === "sent") return;
  await makeDeliveries(tx, ctx, row, log, instanceOf);
  const notification: Notification = {
    id: row.id,
    instanceId: row.instanceId as InstanceId | null,
    channel: row.channel,
    recipients: row.recipients,
    title: row.title,
    message: row.message,
  };
  const sender = ctx.senders.get(row.channel) ?? ctx.senders.get("default");
  if (sender) await sender(notification);
  await tx
    .update(outbox)
    .set({ status: "sent", sentAt: ctx.clock.now() })
    .where(eq(outbox.id, outboxId));
};

export const jobHandlers = new Map<string, JobHandler>([
  ["timer", timer],
  ["message", message],
  ["deliver", deliver],
  [FILE_EXPIRY_JOB, expireUpload],
]);

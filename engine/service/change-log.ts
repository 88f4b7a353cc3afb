/**
 * What a transaction announces once it commits (NOTIFY is delivered on commit):
 * engine events for `subscribe` listeners, and whether workers have new jobs.
 * A change's own write sends what the log holds with its rows
 * (write-change.ts); `flush` sends what is left at the end of the transaction.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../store/database.js";
import type { EngineEvent } from "../types.js";
import { CHANNEL_EVENTS, CHANNEL_JOBS } from "./channels.js";

/** Bounds the parameters of one NOTIFY statement (a batch of jobs can announce hundreds of events). */
const NOTICES_PER_STATEMENT = 200;

export class ChangeLog {
  readonly events: EngineEvent[] = [];
  jobsAdded = false;

  /** One statement for all (each event still its own NOTIFY, so listeners see the same payloads). */
  async flush(tx: Db): Promise<void> {
    const notices = this.events.map(
      (event) => sql`pg_notify(${CHANNEL_EVENTS}, ${JSON.stringify(event)})`,
    );
    if (this.jobsAdded) notices.push(sql`pg_notify(${CHANNEL_JOBS}, '')`);
    this.events.length = 0;
    this.jobsAdded = false;
    for (let i = 0; i < notices.length; i += NOTICES_PER_STATEMENT) {
      const chunk = notices.slice(i, i + NOTICES_PER_STATEMENT);
      await tx.execute(sql`select ${sql.join(chunk, sql`, `)}`);
    }
  }
}

CREATE TABLE "schedule_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"process_key" text NOT NULL,
	"schedule_key" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "schedule_slots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"process_key" text NOT NULL,
	"schedule_key" text NOT NULL,
	"slot_at" timestamp with time zone NOT NULL,
	"item_id" text NOT NULL,
	"version" integer NOT NULL,
	"instance_id" uuid,
	"error" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"process_key" text NOT NULL,
	"schedule_key" text NOT NULL,
	"version" integer NOT NULL,
	"active" boolean NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"paused_by" text,
	"paused_at" timestamp with time zone,
	"fired_through" timestamp with time zone NOT NULL,
	"next_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedules_process_key_schedule_key_pk" PRIMARY KEY("process_key","schedule_key")
);
--> statement-breakpoint
CREATE INDEX "schedule_audit_schedule" ON "schedule_audit" USING btree ("process_key","schedule_key","at");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_slots_once" ON "schedule_slots" USING btree ("process_key","schedule_key","slot_at","item_id");--> statement-breakpoint
CREATE INDEX "schedules_due" ON "schedules" USING btree ("next_at") WHERE "schedules"."active" and not "schedules"."paused";
CREATE TABLE "calendar_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"recomputed" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"complete" boolean NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "calendar_incomplete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "due_rule" jsonb;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "calendar_incomplete" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_rule" jsonb;--> statement-breakpoint
CREATE INDEX "calendar_audit_year" ON "calendar_audit" USING btree ("year","at");--> statement-breakpoint
CREATE INDEX "calendar_days_year" ON "calendar_days" USING btree ("year");
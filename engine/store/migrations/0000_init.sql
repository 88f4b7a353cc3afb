CREATE TABLE "definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer,
	"status" text NOT NULL,
	"spec" jsonb NOT NULL,
	"layout" jsonb,
	"spec_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history" (
	"instance_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text,
	"event" text,
	"from_states" text[] NOT NULL,
	"to_states" text[] NOT NULL,
	"data" jsonb,
	CONSTRAINT "history_instance_id_seq_pk" PRIMARY KEY("instance_id","seq")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"process_key" text NOT NULL,
	"version" integer NOT NULL,
	"business_key" text,
	"title" text,
	"status" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"vars" jsonb NOT NULL,
	"active_states" text[] NOT NULL,
	"parent_id" uuid,
	"revision" integer DEFAULT 0 NOT NULL,
	"visible_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"participants" text[] DEFAULT '{}'::text[] NOT NULL,
	"incident" jsonb,
	"started_by" text,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"instance_id" uuid,
	"state_key" text,
	"payload" jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid,
	"channel" text NOT NULL,
	"recipients" text[] NOT NULL,
	"title" text,
	"message" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"process_key" text NOT NULL,
	"state_key" text NOT NULL,
	"name" text NOT NULL,
	"candidate_groups" text[] NOT NULL,
	"assignee" text,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"priority" integer DEFAULT 50 NOT NULL,
	"form" jsonb,
	"outcomes" jsonb NOT NULL,
	"business_key" text,
	"title" text,
	"created_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"completed_by" text,
	"outcome" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"groups" text[] NOT NULL,
	"org_unit" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"token_version" integer DEFAULT 0 NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"last_failed_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "definitions_key_version" ON "definitions" USING btree ("key","version") WHERE "definitions"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "definitions_one_draft" ON "definitions" USING btree ("key") WHERE "definitions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "instances_process_status" ON "instances" USING btree ("process_key","status","started_at");--> statement-breakpoint
CREATE INDEX "instances_parent" ON "instances" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "instances_business_key" ON "instances" USING btree ("business_key");--> statement-breakpoint
CREATE INDEX "instances_visible_to" ON "instances" USING gin ("visible_to");--> statement-breakpoint
CREATE INDEX "jobs_pending_due" ON "jobs" USING btree ("due_at") WHERE "jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_instance_pending" ON "jobs" USING btree ("instance_id") WHERE "jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_instance" ON "outbox" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "tasks_open_groups" ON "tasks" USING gin ("candidate_groups") WHERE "tasks"."status" in ('open', 'claimed');--> statement-breakpoint
CREATE INDEX "tasks_open_assignee" ON "tasks" USING btree ("assignee","due_at") WHERE "tasks"."status" in ('open', 'claimed');--> statement-breakpoint
CREATE INDEX "tasks_open_due" ON "tasks" USING btree ("due_at") WHERE "tasks"."status" in ('open', 'claimed');--> statement-breakpoint
CREATE INDEX "tasks_instance" ON "tasks" USING btree ("instance_id");
CREATE TABLE "file_chunks" (
	"key" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_chunks_key_seq_pk" PRIMARY KEY("key","seq")
);
--> statement-breakpoint
CREATE TABLE "file_references" (
	"file_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"path" text NOT NULL,
	"task_id" uuid,
	"state_key" text,
	"referenced_by" text NOT NULL,
	"referenced_at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	CONSTRAINT "file_references_file_id_instance_id_path_pk" PRIMARY KEY("file_id","instance_id","path")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"store" text NOT NULL,
	"thumbnail" boolean DEFAULT false NOT NULL,
	"metadata" jsonb,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "file_references_instance" ON "file_references" USING btree ("instance_id","seq");--> statement-breakpoint
CREATE INDEX "files_uploaded_by" ON "files" USING btree ("uploaded_by","uploaded_at");--> statement-breakpoint
CREATE INDEX "jobs_pending_free" ON "jobs" USING btree ("due_at") WHERE "jobs"."status" = 'pending' and "jobs"."instance_id" is null;
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outbox_id" bigint NOT NULL,
	"instance_id" uuid,
	"process_key" text,
	"channel_id" uuid,
	"channel_type" text NOT NULL,
	"recipient" text,
	"recipients" jsonb NOT NULL,
	"title" text,
	"message" text NOT NULL,
	"urgent" boolean NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"due_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deliveries_once" UNIQUE NULLS NOT DISTINCT("outbox_id","channel_type","channel_id","recipient")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"url_cipher" text,
	"secret_cipher" text,
	"groups" text[] NOT NULL,
	"users" text[] NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"recent_sends" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_channels_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "urgent" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_inbox" ON "deliveries" USING btree ("recipient","created_at") WHERE "deliveries"."channel_type" = 'in-app';--> statement-breakpoint
CREATE INDEX "deliveries_unread" ON "deliveries" USING btree ("recipient") WHERE "deliveries"."channel_type" = 'in-app' and "deliveries"."read_at" is null;--> statement-breakpoint
CREATE INDEX "deliveries_due" ON "deliveries" USING btree ("due_at") WHERE "deliveries"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "deliveries_channel_due" ON "deliveries" USING btree ("channel_id","due_at") WHERE "deliveries"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "deliveries_instance" ON "deliveries" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "deliveries_dead" ON "deliveries" USING btree ("created_at") WHERE "deliveries"."status" = 'dead';
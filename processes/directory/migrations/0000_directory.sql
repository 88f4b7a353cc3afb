CREATE TABLE "directory_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_id" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_members" (
	"user_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"village_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_enterprises" (
	"id" text PRIMARY KEY NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"initials" text NOT NULL,
	"industry" text NOT NULL,
	"village" text NOT NULL,
	"address" text,
	"scale" text,
	"high_risk" boolean DEFAULT false NOT NULL,
	"principal" jsonb,
	"controller" jsonb,
	"safety_manager" jsonb,
	"status" text DEFAULT 'operating' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_enterprises_credit_code_unique" UNIQUE("credit_code")
);
--> statement-breakpoint
CREATE TABLE "directory_villages" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"initials" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_members" ADD CONSTRAINT "directory_members_enterprise_id_directory_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."directory_enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_members" ADD CONSTRAINT "directory_members_village_code_directory_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."directory_villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_enterprises" ADD CONSTRAINT "directory_enterprises_village_directory_villages_code_fk" FOREIGN KEY ("village") REFERENCES "public"."directory_villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_changes_record_idx" ON "directory_changes" USING btree ("kind","record_id","id");--> statement-breakpoint
CREATE INDEX "directory_members_enterprise_idx" ON "directory_members" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "directory_members_village_idx" ON "directory_members" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "directory_enterprises_village_idx" ON "directory_enterprises" USING btree ("village");--> statement-breakpoint
CREATE INDEX "directory_enterprises_initials_idx" ON "directory_enterprises" USING btree ("initials","id");
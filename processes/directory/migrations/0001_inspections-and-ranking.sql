CREATE TABLE "inspection_settings" (
	"scope" text NOT NULL,
	"id" text NOT NULL,
	"daily" boolean,
	"weekly" boolean,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_settings_scope_id_pk" PRIMARY KEY("scope","id")
);
--> statement-breakpoint
CREATE TABLE "ranking_counts" (
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"village" text NOT NULL,
	"enterprise_id" text NOT NULL,
	"inspections_due" integer DEFAULT 0 NOT NULL,
	"inspections_on_time" integer DEFAULT 0 NOT NULL,
	"inspections_late" integer DEFAULT 0 NOT NULL,
	"hazards_closed" integer DEFAULT 0 NOT NULL,
	"hazards_closed_on_time" integer DEFAULT 0 NOT NULL,
	"major_open_delta" integer DEFAULT 0 NOT NULL,
	"major_overdue_delta" integer DEFAULT 0 NOT NULL,
	"letters" integer DEFAULT 0 NOT NULL,
	"circulars" integer DEFAULT 0 NOT NULL,
	"interviews" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ranking_counts_kind_period_village_enterprise_id_pk" PRIMARY KEY("kind","period","village","enterprise_id")
);

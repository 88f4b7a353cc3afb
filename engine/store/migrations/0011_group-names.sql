CREATE TABLE "group_names" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

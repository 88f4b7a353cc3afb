CREATE TABLE "business_key_counters" (
	"process_key" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "business_key_counters_process_key_year_pk" PRIMARY KEY("process_key","year")
);

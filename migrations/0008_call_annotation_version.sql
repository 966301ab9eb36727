ALTER TABLE "calls" ADD COLUMN "annotation_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "annotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "annotated_by_name" text;
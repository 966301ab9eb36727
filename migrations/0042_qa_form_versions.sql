-- Three steps in one migration (generated from the schema, then split by hand): add the
-- version columns nullable, make every existing form version 1 of its own lineage and point
-- its evaluations at it, then require the columns and swap the one-per-call index.
ALTER TABLE "qa_evaluations" ADD COLUMN "form_lineage_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "lineage_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "superseded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD CONSTRAINT "qa_forms_superseded_by_id_qa_forms_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."qa_forms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qa_forms_lineage_version_idx" ON "qa_forms" USING btree ("lineage_id","version");--> statement-breakpoint
-- Forms made before versions existed are each the first version of a lineage of their own,
-- and their evaluations count against that lineage (one evaluation of a call per form).
UPDATE "qa_forms" SET "lineage_id" = "id" WHERE "lineage_id" IS NULL;--> statement-breakpoint
UPDATE "qa_evaluations" AS e SET "form_lineage_id" = f."lineage_id" FROM "qa_forms" AS f WHERE f."id" = e."form_id" AND e."form_lineage_id" IS NULL;--> statement-breakpoint
DROP INDEX "qa_evaluations_call_form_idx";--> statement-breakpoint
ALTER TABLE "qa_evaluations" ALTER COLUMN "form_lineage_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_forms" ALTER COLUMN "lineage_id" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "qa_evaluations_call_form_lineage_idx" ON "qa_evaluations" USING btree ("call_id","form_lineage_id");

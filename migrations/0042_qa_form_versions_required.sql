DROP INDEX "qa_evaluations_call_form_idx";--> statement-breakpoint
ALTER TABLE "qa_evaluations" ALTER COLUMN "form_lineage_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_forms" ALTER COLUMN "lineage_id" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "qa_evaluations_call_form_lineage_idx" ON "qa_evaluations" USING btree ("call_id","form_lineage_id");
ALTER TABLE "qa_evaluations" ADD COLUMN "form_lineage_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "lineage_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "superseded_by_id" uuid;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qa_forms" ADD CONSTRAINT "qa_forms_superseded_by_id_qa_forms_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."qa_forms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qa_forms_lineage_version_idx" ON "qa_forms" USING btree ("lineage_id","version");
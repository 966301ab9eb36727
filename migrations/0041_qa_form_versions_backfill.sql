-- Forms made before versions existed are each the first version of a lineage of their own,
-- and their evaluations count against that lineage (one evaluation of a call per form).
UPDATE "qa_forms" SET "lineage_id" = "id" WHERE "lineage_id" IS NULL;--> statement-breakpoint
UPDATE "qa_evaluations" AS e SET "form_lineage_id" = f."lineage_id" FROM "qa_forms" AS f WHERE f."id" = e."form_id" AND e."form_lineage_id" IS NULL;

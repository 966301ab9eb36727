ALTER TABLE "calls" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "outcome" text;--> statement-breakpoint
CREATE INDEX "calls_org_outcome_idx" ON "calls" USING btree ("organization_id","outcome","created_at");